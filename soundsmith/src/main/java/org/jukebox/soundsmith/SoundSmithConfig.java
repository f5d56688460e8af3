package org.jukebox.soundsmith;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jukebox.api.SoundSmithId;
import org.jukebox.security.AccessPolicies;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.SecurityConfig;

/**
 * How a {@link SoundSmithServer} identifies itself and where it listens. Every kind of
 * SoundSmith takes one; its kind ({@code mp3}, {@code cd}) comes from the subclass, not from
 * here. Built with {@link #builder}, which validates eagerly with exact messages.
 *
 * <p>Immutable and thread-safe.
 */
public final class SoundSmithConfig {
  /** How long a stream ticket stays good if unused, unless set: 30 seconds. */
  public static final Duration DEFAULT_TICKET_LIFETIME = Duration.ofSeconds(30);
  /** How many streams may run at once, unless set; one more gets {@code 503}. */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 1000;
  /** How many times faster than real time a stream may go after its first burst, unless set. */
  public static final int DEFAULT_STREAM_PACING = 8;
  /** The HTTP bind address unless set: loopback. */
  public static final String DEFAULT_HTTP_BIND_ADDRESS = "127.0.0.1";

  private final SoundSmithId id;
  private final String name;
  private final Clock clock;
  private final Duration ticketLifetime;
  private final String httpBindAddress;
  private final int httpPort;
  private final String advertisedHost;
  private final int rmiPort;
  private final int maxConcurrentStreams;
  private final int streamPacing;
  private final AccessPolicy accessPolicy;
  private final SecurityConfig security;

  private SoundSmithConfig(Builder b) {
    this.id = b.id;
    this.name = b.name;
    this.clock = b.clock;
    this.ticketLifetime = b.ticketLifetime;
    this.httpBindAddress = b.httpBindAddress;
    this.httpPort = b.httpPort;
    this.advertisedHost = b.advertisedHost;
    this.rmiPort = b.rmiPort;
    this.maxConcurrentStreams = b.maxConcurrentStreams;
    this.streamPacing = b.streamPacing;
    this.accessPolicy = b.accessPolicy;
    this.security = b.security;
  }

  /**
   * Starts a configuration for the SoundSmith with this id (which the caller persists in its
   * data directory) and human-readable name.
   *
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException if the name is blank: {@code "name is blank"}
   */
  public static Builder builder(SoundSmithId id, String name) {
    return new Builder(id, name);
  }

  /** Its identity, the prefix of every song id it serves. */
  public SoundSmithId id() {
    return id;
  }

  /** Its human-readable name. */
  public String name() {
    return name;
  }

  /** The clock for ticket expiry and beacon timing; UTC system clock by default. */
  public Clock clock() {
    return clock;
  }

  /** How long a ticket stays good after issue if unused. */
  public Duration ticketLifetime() {
    return ticketLifetime;
  }

  /** The address the HTTP server binds to (an IP literal or a host name). */
  public String httpBindAddress() {
    return httpBindAddress;
  }

  /** The HTTP port; 0 picks a free one at start. */
  public int httpPort() {
    return httpPort;
  }

  /**
   * The host name or address that goes into ticket URLs, so that clients on other hosts can
   * reach the stream; the bind address unless set ({@code --advertise HOST} of the daemons).
   * When the bind address is a wildcard and nothing was set, {@link Builder#build} picks the
   * {@code java.rmi.server.hostname} property, else this host's address. Never null.
   */
  public String advertisedHost() {
    return advertisedHost;
  }

  /** The port the remote object is exported on; 0 picks a free one. */
  public int rmiPort() {
    return rmiPort;
  }

  /** How many streams may be served at once; further requests get {@code 503}. */
  public int maxConcurrentStreams() {
    return maxConcurrentStreams;
  }

  /**
   * How many times faster than real time a stream may be sent once its first 256 KiB are out;
   * 0 when streams are not paced. See {@link Builder#streamPacing}.
   */
  public int streamPacing() {
    return streamPacing;
  }

  /**
   * Who may play what: consulted by {@code openStream} with the caller's principal.
   * {@link AccessPolicies#allowAll()} unless set. A policy that does not govern a song lets it
   * be played.
   */
  public AccessPolicy accessPolicy() {
    return accessPolicy;
  }

  /**
   * SecureRMI settings the SoundSmith is exported with, or empty for plain RMI. When present,
   * streams are served over HTTPS with the same identity and certificate check (see
   * {@link Builder#security}).
   */
  public java.util.Optional<SecurityConfig> security() {
    return java.util.Optional.ofNullable(security);
  }

  @Override
  public String toString() {
    return "SoundSmithConfig[" + id + ", " + name + ", http " + httpBindAddress + ":" + httpPort
        + " as " + advertisedHost + ", rmi port " + rmiPort + ", tickets " + ticketLifetime + ", policy " + accessPolicy + "]";
  }

  /** Builds a {@link SoundSmithConfig}; every setter validates its argument at once. Not thread-safe. */
  public static final class Builder {
    private final SoundSmithId id;
    private final String name;
    private Clock clock = Clock.systemUTC();
    private Duration ticketLifetime = DEFAULT_TICKET_LIFETIME;
    private String httpBindAddress = DEFAULT_HTTP_BIND_ADDRESS;
    private int httpPort;
    private String advertisedHost;
    private int rmiPort;
    private int maxConcurrentStreams = DEFAULT_MAX_CONCURRENT_STREAMS;
    private int streamPacing = DEFAULT_STREAM_PACING;
    private AccessPolicy accessPolicy = AccessPolicies.allowAll();
    private SecurityConfig security;

    private Builder(SoundSmithId id, String name) {
      this.id = Objects.requireNonNull(id, "id");
      this.name = notBlank(name, "name");
    }

    /** The clock for ticket expiry and beacon timing. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a ticket stays good after issue if unused.
     *
     * @throws IllegalArgumentException if not positive: {@code "ticketLifetime <= 0: PT0S"}
     */
    public Builder ticketLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "ticketLifetime");
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("ticketLifetime <= 0: " + lifetime);
      }
      this.ticketLifetime = lifetime;
      return this;
    }

    /**
     * The address the HTTP server binds to, for example {@code 0.0.0.0} to serve other hosts.
     *
     * @throws IllegalArgumentException if blank or not a host: {@code "httpBindAddress is blank"}
     */
    public Builder httpBindAddress(String address) {
      this.httpBindAddress = host(address, "httpBindAddress");
      return this;
    }

    /**
     * The HTTP port; 0 picks a free one.
     *
     * @throws IllegalArgumentException outside 0..65535: {@code "httpPort < 0: -3"}
     */
    public Builder httpPort(int port) {
      this.httpPort = port(port, "httpPort");
      return this;
    }

    /**
     * The host clients use to reach the streams (goes into ticket URLs).
     *
     * @throws IllegalArgumentException if blank or not a host: {@code "advertisedHost is blank"}
     */
    public Builder advertisedHost(String host) {
      this.advertisedHost = host(host, "advertisedHost");
      return this;
    }

    /**
     * The port to export the remote object on; 0 picks a free one.
     *
     * @throws IllegalArgumentException outside 0..65535: {@code "rmiPort > 65535: 70000"}
     */
    public Builder rmiPort(int port) {
      this.rmiPort = port(port, "rmiPort");
      return this;
    }

    /**
     * How many streams may be served at once.
     *
     * @throws IllegalArgumentException outside 1..10000: {@code "maxConcurrentStreams < 1: 0"}
     */
    public Builder maxConcurrentStreams(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentStreams < 1: " + max);
      }
      if (max > 10_000) {
        throw new IllegalArgumentException("maxConcurrentStreams > 10000: " + max);
      }
      this.maxConcurrentStreams = max;
      return this;
    }

    /**
     * Paces streams: after a first burst of 256 KiB, each stream is sent at most
     * {@code multipleOfRealTime} times as fast as its song plays (its size over its duration, or
     * its bit rate), and never slower than 128 KiB/s. Without pacing a player's receive buffer (tens of MB on Linux) swallows a
     * whole song at memory speed the moment it connects, so a few hundred streams starting
     * together saturate the CPU and delay everyone's first byte; 8 times real time still lets a
     * player prefetch the next song long before it is needed. 0 turns pacing off.
     *
     * @throws IllegalArgumentException outside 0..1000: {@code "streamPacing < 0: -1"}
     */
    public Builder streamPacing(int multipleOfRealTime) {
      if (multipleOfRealTime < 0) {
        throw new IllegalArgumentException("streamPacing < 0: " + multipleOfRealTime);
      }
      if (multipleOfRealTime > 1000) {
        throw new IllegalArgumentException("streamPacing > 1000: " + multipleOfRealTime);
      }
      this.streamPacing = multipleOfRealTime;
      return this;
    }

    /**
     * Exports the SoundSmith over SecureRMI with these settings (its identity is the service
     * certificate of its class, e.g. {@code org.jukebox.soundsmith.Mp3SoundSmith}); without
     * this call it speaks plain RMI. Its streams are then served over HTTPS with that
     * certificate ({@code https://} ticket URLs), and a client certificate that a stream request
     * comes with must name the user the ticket was issued to.
     */
    public Builder security(SecurityConfig security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /**
     * Who may play what, for example {@code AccessPolicies.load(policyFile, clock)}. The
     * SoundSmith does not close it: whoever built it closes it after the SoundSmith.
     */
    public Builder accessPolicy(AccessPolicy policy) {
      this.accessPolicy = Objects.requireNonNull(policy, "accessPolicy");
      return this;
    }

    /** The configuration; the advertised host defaults to the bind address. */
    public SoundSmithConfig build() {
      if (advertisedHost == null) {
        advertisedHost = isWildcard(httpBindAddress) ? defaultPublicHost() : httpBindAddress;
      }
      return new SoundSmithConfig(this);
    }

    // A wildcard cannot be connected to; RMI's own advertised name is the best guess, as both
    // must reach this host from the same clients.
    private static String defaultPublicHost() {
      String rmiHost = System.getProperty("java.rmi.server.hostname");
      if (rmiHost != null && !rmiHost.isBlank()) {
        return rmiHost;
      }
      try {
        return java.net.InetAddress.getLocalHost().getHostAddress();
      } catch (java.net.UnknownHostException e) {
        return "127.0.0.1";
      }
    }

    private static int port(int port, String name) {
      if (port < 0) {
        throw new IllegalArgumentException(name + " < 0: " + port);
      }
      if (port > 65535) {
        throw new IllegalArgumentException(name + " > 65535: " + port);
      }
      return port;
    }

    private static String notBlank(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " is blank");
      }
      return value;
    }

    private static String host(String value, String name) {
      notBlank(value, name);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == ':' || c == '_' || c == '%';
        if (!ok) {
          throw new IllegalArgumentException(name + " is not a host name or address: " + value);
        }
      }
      return value;
    }
  }

  /** Whether the address is a wildcard, which clients cannot connect to. */
  static boolean isWildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
  }
}

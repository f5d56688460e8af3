package org.jukebox.security;

import java.util.Objects;

/**
 * A network address to reach a Jukebox daemon at, written {@code HOST:PORT}: a host name, an
 * IPv4 literal, or an IPv6 literal in brackets ({@code [::1]:4160}).
 *
 * <p>Immutable and thread-safe. {@link #host()} holds an IPv6 literal without its brackets, so it
 * can be handed to socket and RMI APIs as is; {@link #toString()} puts them back.
 *
 * @param host a host name or address literal; never blank
 * @param port 1..65535
 */
public record HostPort(String host, int port) {
  /** The port a MusicDirectory (its RMI registry and the directory object) listens on by default. */
  public static final int DEFAULT_DIRECTORY_PORT = 4160;

  /**
   * Validates both parts.
   *
   * @throws NullPointerException if {@code host} is null
   * @throws IllegalArgumentException if the host is blank or holds a character no host name or
   *     address literal has, or the port is outside 1..65535
   */
  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is blank");
    }
    checkHost(host);
    checkPort(port);
  }

  /** Shorthand for {@code new HostPort(host, port)}. */
  public static HostPort of(String host, int port) {
    return new HostPort(host, port);
  }

  /**
   * Parses {@code HOST:PORT}; surrounding white space is ignored.
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException naming the input if it is not {@code HOST:PORT} with a host
   *     and a port in 1..65535 (for example {@code missing port in "foo"}, {@code port > 65535:
   *     70000})
   */
  public static HostPort parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty address: \"" + text + "\"");
    }
    String host;
    String portText;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']' in \"" + s + "\"");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("missing port in \"" + s + "\"");
      }
      if (rest.charAt(0) != ':') {
        throw new IllegalArgumentException("expected ':' after ']' in \"" + s + "\"");
      }
      portText = rest.substring(1);
      if (host.isEmpty()) {
        throw new IllegalArgumentException("missing host in \"" + s + "\"");
      }
      if (host.indexOf(':') < 0) {
        throw new IllegalArgumentException("not an IPv6 address in brackets: \"" + s + "\"");
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("missing port in \"" + s + "\"");
      }
      host = s.substring(0, colon);
      portText = s.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new IllegalArgumentException("IPv6 address without brackets in \"" + s + "\" (write [host]:port)");
      }
      if (host.isEmpty()) {
        throw new IllegalArgumentException("missing host in \"" + s + "\"");
      }
    }
    if (portText.isEmpty()) {
      throw new IllegalArgumentException("missing port in \"" + s + "\"");
    }
    for (int i = 0; i < portText.length(); i++) {
      char c = portText.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("port is not a number in \"" + s + "\"");
      }
    }
    // More than 9 digits cannot fit the checks below without overflowing; it is out of range anyway.
    if (portText.length() > 9) {
      throw new IllegalArgumentException("port > 65535: " + portText);
    }
    return new HostPort(host, Integer.parseInt(portText));
  }

  /** {@code HOST:PORT}, with brackets around an IPv6 literal; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  private static void checkPort(int port) {
    if (port < 1) {
      throw new IllegalArgumentException("port < 1: " + port);
    }
    if (port > 65535) {
      throw new IllegalArgumentException("port > 65535: " + port);
    }
  }

  private static void checkHost(String host) {
    boolean ipv6 = host.indexOf(':') >= 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || (ipv6 && (c == ':' || c == '%'));
      if (!ok) {
        throw new IllegalArgumentException("illegal character '" + c + "' in host \"" + host + "\"");
      }
    }
  }
}

package org.jukebox.web;

import java.net.http.HttpClient;
import java.rmi.Remote;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jukebox.client.DjClient;

/**
 * The proxy acting as one jukebox user: stubs bound to that user's credentials, the HTTP client
 * that fetches their stream tickets (presenting their certificate), and their DJ client. Lives
 * as long as the user's login session; {@link #close()} flushes and stops the DJ client.
 *
 * <p>Thread-safe.
 */
public final class UserAgent implements AutoCloseable {
  private final String user;
  private final UnaryOperator<Remote> binder;
  private final HttpClient http;
  private final DjClient dj;

  private UserAgent(String user, UnaryOperator<Remote> binder, HttpClient http, DjClient dj) {
    this.user = user;
    this.binder = binder;
    this.http = http;
    this.dj = dj;
  }

  /**
   * An agent for {@code user}.
   *
   * @param binder turns a stub into one that calls as the user, for example
   *     {@code s -> ClientSecurity.as(config, s)}; identity for plain RMI
   * @param http fetches stream URLs as the user
   * @param dj the user's DJ lookup, or null when there is no DJ
   */
  public static UserAgent of(String user, UnaryOperator<Remote> binder, HttpClient http, DjClient.DjLookup dj) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(binder, "binder");
    Objects.requireNonNull(http, "http");
    return new UserAgent(user, binder, http, dj == null ? null
        : DjClient.builder(dj).interval(Duration.ofMillis(200)).build());
  }

  /** The jukebox user this agent acts as. */
  public String user() {
    return user;
  }

  /** {@code stub}, calling as this user. */
  @SuppressWarnings("unchecked")
  public <T extends Remote> T as(T stub) {
    return (T) binder.apply(stub);
  }

  /** The HTTP client for this user's stream tickets. */
  public HttpClient http() {
    return http;
  }

  /** The user's DJ client, if the proxy knows a DJ. */
  public Optional<DjClient> dj() {
    return Optional.ofNullable(dj);
  }

  @Override
  public void close() {
    if (dj != null) {
      dj.flush(Duration.ofSeconds(1));
      dj.close();
    }
  }
}

package org.jukebox.web;

import java.util.Arrays;
import java.util.Objects;

/**
 * One proxy user's jukebox credentials, decrypted for the length of a login: who they are in the
 * jukebox and the secret that unlocks their key (the passphrase of their user keystore; empty
 * when the jukebox runs without security). {@link #wipe()} overwrites the secret.
 *
 * <p>Not thread-safe. {@link #toString()} never shows the secret.
 */
public final class Credentials {
  private final String proxyUser;
  private final String jukeboxUser;
  private final char[] secret;

  Credentials(String proxyUser, String jukeboxUser, char[] secret) {
    this.proxyUser = Objects.requireNonNull(proxyUser, "proxyUser");
    this.jukeboxUser = Objects.requireNonNull(jukeboxUser, "jukeboxUser");
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  /** The account name at the proxy. */
  public String proxyUser() {
    return proxyUser;
  }

  /** The user name in the jukebox (the name on their certificate). */
  public String jukeboxUser() {
    return jukeboxUser;
  }

  /** The secret itself (not a copy): use it, then {@link #wipe()}. */
  public char[] secret() {
    return secret;
  }

  /** Overwrites the secret with zeros. */
  public void wipe() {
    Arrays.fill(secret, '\0');
  }

  @Override
  public String toString() {
    return "Credentials[" + proxyUser + " -> " + jukeboxUser + ", secret hidden]";
  }
}

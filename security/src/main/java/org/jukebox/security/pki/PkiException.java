package org.jukebox.security.pki;

import java.security.GeneralSecurityException;

/**
 * A jukebox PKI operation could not be done: there is no CA, a passphrase is wrong, a file is
 * unreadable, a name is already taken or unknown. The message says which file or name, and what
 * to do when there is something to do, e.g. {@code no CA under /home/me/.jukebox/pki: run
 * `jukebox keys init-ca` first}.
 */
public final class PkiException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, shown to users as is. */
  public PkiException(String message) {
    super(message);
  }

  /** An exception with {@code message} caused by {@code cause}. */
  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}

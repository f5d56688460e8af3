package org.jukebox.security.pki;

import java.security.cert.CertificateException;
import java.util.Objects;

/**
 * A peer's certificate failed a jukebox check. The message is meant for people and names the
 * certificate ({@code certificate for alice expired on 2025-01-01T00:00:00Z}); {@link #reason()}
 * is meant for code. A {@link CertificateException}, so that a TLS trust manager can throw it as
 * is.
 */
public final class CertificateRejectedException extends CertificateException {
  private static final long serialVersionUID = 1L;

  /** Why a certificate was rejected. */
  public enum Reason {
    /** The peer presented no certificate. */
    NO_CERTIFICATE,
    /** Not signed by the jukebox CA (another CA, or self-signed). */
    WRONG_ISSUER,
    /** The jukebox CA's own certificate has expired or is not yet valid. */
    CA_NOT_VALID,
    /** Past its not-after date. */
    EXPIRED,
    /** Before its not-before date. */
    NOT_YET_VALID,
    /** On the CA's revocation list. */
    REVOKED,
    /** The revocation list is missing, unreadable, or not signed by the CA: fail closed. */
    REVOCATION_LIST_UNUSABLE,
    /** Names no jukebox service or user, or is a CA certificate. */
    NOT_A_JUKEBOX_CERTIFICATE,
    /** A user certificate where a service one is needed, or the reverse. */
    WRONG_KIND,
    /** A valid certificate of the right kind for another name. */
    WRONG_NAME,
    /** Its key usages do not allow the role it is used in. */
    WRONG_USAGE
  }

  private final Reason reason;

  /**
   * A rejection for {@code reason} with a message for people.
   *
   * @throws NullPointerException if {@code reason} is null
   */
  public CertificateRejectedException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  CertificateRejectedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the certificate was rejected; never null. */
  public Reason reason() {
    return reason;
  }
}

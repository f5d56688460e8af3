/**
 * The jukebox public-key infrastructure: one certificate authority per installation, the service
 * and user certificates it issues, their revocation list, and the checks the secure channel runs
 * on a peer's certificate.
 *
 * <p>Naming convention, which the channel relies on: a service certificate has subject
 * {@code CN=<fully.qualified.ClassName>} and the subject alternative name URI
 * {@code jukebox:service:<fully.qualified.ClassName>}, extended key usages serverAuth and
 * clientAuth; a user certificate has {@code CN=<name>}, the URI {@code jukebox:user:<name>} and
 * clientAuth. Both are signed directly by the CA (no intermediates).
 *
 * <p>Files, under the data directory {@code HOME}:
 *
 * <pre>
 * HOME/pki/ca.p12                 CA key and certificate, PKCS#12, passphrase-protected
 * HOME/pki/ca.crt                 CA certificate (PEM): the trust anchor every host needs
 * HOME/pki/ca.crl                 revocation list (PEM) signed by the CA; every host needs it too
 * HOME/pki/certs/&lt;serial&gt;.crt     every certificate the CA issued, by hex serial (PEM)
 * HOME/pki/issued/&lt;name&gt;.crt      the current certificate for a service or user (PEM)
 * HOME/pki/issued/&lt;name&gt;.p12      its key and chain, PKCS#12, passphrase-protected
 * </pre>
 *
 * <p>Entry points: {@link org.jukebox.security.pki.Pki} (the files; anyone),
 * {@link org.jukebox.security.pki.CertificateAuthority} (issuing and revoking; whoever holds the
 * CA passphrase) and {@link org.jukebox.security.pki.CertificateValidator} (the checks).
 */
package org.jukebox.security.pki;

package org.jukebox.web;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import org.jukebox.client.DirectoryLookup;
import org.jukebox.client.DjClient;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;

/**
 * How the proxy becomes one of its users in the jukebox, given their decrypted credentials.
 * Implementations must not keep the secret: the caller wipes it after {@link #open} returns.
 */
@FunctionalInterface
public interface JukeboxAccess {
  /**
   * An agent acting as {@code credentials.jukeboxUser()}.
   *
   * @throws Exception if the credentials do not open the user's key, or the jukebox refuses
   */
  UserAgent open(Credentials credentials) throws Exception;

  /**
   * Plain RMI and HTTP: every call is anonymous, whoever logs in (for {@code --insecure}
   * experiments; the DJ then refuses reports).
   *
   * @param dj the DJ, or null for none
   */
  static JukeboxAccess insecure(DjClient.DjLookup dj) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    return c -> UserAgent.of(c.jukeboxUser(), s -> s, http, dj);
  }

  /**
   * SecureRMI: the secret is the passphrase of the user's keystore in {@code pki}; every stub the
   * agent binds and its HTTPS client present that user's certificate.
   *
   * @param directory finds the directory, where the DJ is listed; null for no DJ
   */
  static JukeboxAccess pki(Pki pki, DirectoryLookup directory) {
    Objects.requireNonNull(pki, "pki");
    // One configuration per user and key, reused across logins: ClientSecurity.as remembers every
    // configuration it binds, and RMI pools connections per configuration.
    java.util.Map<String, SecurityConfig> configs = new java.util.concurrent.ConcurrentHashMap<>();
    return c -> {
      // Opening the keystore is the check of the secret, at every login.
      KeyAndChain kc = pki.keyAndChain(CertificateKind.USER, c.jukeboxUser(), c.secret());
      SecurityConfig known = configs.get(c.jukeboxUser());
      SecurityConfig config;
      if (known != null && known.certificateChain().equals(kc.chain())
          && known.privateKey().map(kc.privateKey()::equals).orElse(false)) {
        config = known;
      } else {
        config = SecurityConfig.builder()
            .trustAnchors(pki.caCertificate())
            .certificateCheck(pki.validator())
            .identity(kc.privateKey(), kc.chain())
            .mechanisms("signature")
            .build();
        configs.put(c.jukeboxUser(), config);
      }
      DjClient.DjLookup dj = null;
      if (directory != null) {
        DjClient.DjLookup found = DjClient.viaDirectory(directory);
        dj = () -> ClientSecurity.as(config, found.lookup());
      }
      return UserAgent.of(c.jukeboxUser(), s -> ClientSecurity.as(config, s), SecureHttp.httpClient(config), dj);
    };
  }

}

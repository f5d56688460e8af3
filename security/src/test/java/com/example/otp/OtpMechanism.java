package com.example.otp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jukebox.security.AuthenticationException;
import org.jukebox.security.AuthenticationMechanism;
import org.jukebox.security.Authenticator;
import org.jukebox.security.Exchange;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.Verifier;

/**
 * A third-party authentication mechanism, written as an outsider would: only SecureRMI's public
 * SPI, registered in {@code META-INF/services/org.jukebox.security.AuthenticationMechanism}.
 * The user proves it knows a secret shared with the server by sending an HMAC of the
 * connection's channel binding: one message, useless on any other connection.
 *
 * <p>Settings: {@code otp.user} and {@code otp.secret} on the client, {@code otp.secret} on the
 * server. (A real mechanism would keep one secret per user; docs/SECURITY.md walks through it.)
 */
public final class OtpMechanism implements AuthenticationMechanism {
  @Override
  public String name() {
    return "otp";
  }

  @Override
  public Optional<Authenticator> authenticator(SecurityConfig config) {
    Optional<String> user = config.property("otp.user");
    Optional<String> secret = config.property("otp.secret");
    if (user.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Authenticator() {
      @Override
      public String mechanism() {
        return "otp";
      }

      @Override
      public void authenticate(Exchange exchange) throws IOException {
        byte[] proof = hmac(secret.get(), exchange.channelBinding());
        exchange.send((user.get() + ":" + java.util.HexFormat.of().formatHex(proof)).getBytes(StandardCharsets.UTF_8));
      }
    });
  }

  @Override
  public Optional<Verifier> verifier(SecurityConfig config) {
    return config.property("otp.secret").map(secret -> new Verifier() {
      @Override
      public String mechanism() {
        return "otp";
      }

      @Override
      public JukeboxPrincipal verify(Exchange exchange) throws IOException {
        String[] parts = new String(exchange.receive(), StandardCharsets.UTF_8).split(":", 2);
        byte[] expected = hmac(secret, exchange.channelBinding());
        if (parts.length != 2 || parts[0].isBlank()
            || !MessageDigest.isEqual(expected, java.util.HexFormat.of().parseHex(parts[1]))) {
          throw new AuthenticationException("otp proof does not match");
        }
        return JukeboxPrincipal.user(parts[0], "otp");
      }
    });
  }

  static byte[] hmac(String secret, byte[] data) throws IOException {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IOException("HMAC-SHA256 is unavailable", e);
    }
  }
}

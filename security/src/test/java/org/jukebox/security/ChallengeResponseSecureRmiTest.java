package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.rmi.RemoteException;
import java.util.Base64;
import org.jukebox.security.internal.hmac.ChallengeResponseMechanism;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hmac mechanism end to end: real RMI over the TLS channel on 127.0.0.1. */
class ChallengeResponseSecureRmiTest {
  static final String SERVICE = "org.jukebox.security.EchoService";
  static final TestPki PKI = TestPki.create("Jukebox HMAC Test CA");
  static final TestPki.Credentials SERVER = PKI.service(SERVICE);
  static final byte[] ALICE_KEY = ChallengeResponseAuthenticator.newKey();

  private RemoteExporter exporter;

  @AfterEach
  void tearDown() {
    if (exporter != null) {
      exporter.close();
    }
  }

  private Echo export() throws Exception {
    ChallengeResponseKeys keys = ChallengeResponseKeys.builder().add("alice", ALICE_KEY).build();
    exporter = RemoteExporter.secure(PKI.config(SERVER).setting(ChallengeResponseKeys.class, keys)
        .mechanisms("hmac").build(), 0);
    return exporter.export(new EchoService());
  }

  private static SecurityConfig client(String user, byte[] key) {
    return PKI.config().mechanisms("hmac").property(ChallengeResponseMechanism.USER, user)
        .property(ChallengeResponseMechanism.KEY, Base64.getEncoder().encodeToString(key)).build();
  }

  @Test
  void hmacUserIsTheCallerOfASecureCall() throws Exception {
    Echo stub = ClientSecurity.as(client("alice", ALICE_KEY), export());
    assertEquals("hello", stub.echo("hello"));
    assertEquals(JukeboxPrincipal.user("alice", "hmac"), stub.whoAmI());
  }

  @Test
  void wrongKeyIsRefusedOverTheChannelAndHonestClientsAreStillServed() throws Exception {
    Echo stub = export();
    Echo mallory = ClientSecurity.as(client("alice", ChallengeResponseAuthenticator.newKey()), stub);
    assertEquals("authentication refused by service " + SERVICE + ": HMAC proof for alice does not verify",
        authenticationRefusal(assertThrows(RemoteException.class, mallory::whoAmI)));
    assertEquals(JukeboxPrincipal.user("alice", "hmac"), ClientSecurity.as(client("alice", ALICE_KEY), stub).whoAmI());
  }

  static String authenticationRefusal(RemoteException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationException) {
        return t.getMessage();
      }
    }
    fail("no AuthenticationException in the causes of " + e, e);
    return null;
  }
}

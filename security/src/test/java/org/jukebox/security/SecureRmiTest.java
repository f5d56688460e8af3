package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecureRmiTest {
  static final String SERVICE = "org.jukebox.security.EchoService";
  static final TestPki PKI = TestPki.create("Jukebox Test CA");
  static final TestPki.Credentials SERVER = PKI.service(SERVICE);
  static final TestPki.Credentials ALICE = PKI.user("alice");

  private RemoteExporter exporter;

  @AfterEach
  void tearDown() {
    if (exporter != null) {
      exporter.close();
    }
    ClientSecurity.uninstall();
  }

  @Test
  void signedInUserIsTheCallerOfASecureCall() throws Exception {
    exporter = RemoteExporter.secure(PKI.config(SERVER).mechanisms("signature").build(), 0);
    Echo stub = exporter.export(new EchoService());
    ClientSecurity.install(PKI.config(ALICE).build());
    assertEquals("hello", stub.echo("hello"));
    assertEquals(JukeboxPrincipal.user("alice", "signature"), stub.whoAmI());
  }

  @Test
  void anonymousClientIsAnonymousWhereAnonymousIsAccepted() throws Exception {
    exporter = RemoteExporter.secure(PKI.config(SERVER).mechanisms("signature", "anonymous").build(), 0);
    Echo stub = exporter.export(new EchoService());
    ClientSecurity.install(PKI.config().build());
    assertEquals(JukeboxPrincipal.ANONYMOUS, stub.whoAmI());
  }

  @Test
  void registryOnASecurePortIsReachedWithTheServiceName() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    exporter = RemoteExporter.secure(PKI.config(SERVER).build(), port);
    Registry registry = exporter.createRegistry();
    registry.rebind("echo", exporter.export(new EchoService()));
    ClientSecurity.install(PKI.config(ALICE).build());
    Registry remote = LocateRegistry.getRegistry("127.0.0.1", port, SecureClientSocketFactory.forService(SERVICE));
    Echo stub = (Echo) remote.lookup("echo");
    assertEquals(JukeboxPrincipal.user("alice", "signature"), stub.whoAmI());
    assertTrue(exporter.isSecure());
  }
}

package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.AccessDeniedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallerTest {
  static final String SERVICE = "org.jukebox.security.CallerTest$Meeting";
  static final TestPki PKI = TestPki.create("Jukebox Test CA");
  static final TestPki.Credentials SERVER = PKI.service(SERVICE);

  private final List<RemoteExporter> exporters = new ArrayList<>();

  @AfterEach
  void tearDown() {
    exporters.forEach(RemoteExporter::close);
  }

  /** Two callers meet inside the server: both calls are in progress at once. */
  interface Meet extends Remote {
    JukeboxPrincipal meet() throws RemoteException;

    String guarded() throws RemoteException, AccessDeniedException;
  }

  static class Meeting implements Meet {
    private final CyclicBarrier barrier = new CyclicBarrier(2);

    @Override
    public JukeboxPrincipal meet() throws RemoteException {
      JukeboxPrincipal before = Caller.current();
      try {
        barrier.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new RemoteException("the other caller did not come", e);
      }
      JukeboxPrincipal after = Caller.current();
      if (!before.equals(after)) {
        throw new RemoteException("caller changed during the call: " + before + " then " + after);
      }
      return after;
    }

    @Override
    public String guarded() throws AccessDeniedException {
      return "hello " + Caller.requireAuthenticated("read the guarded greeting").name();
    }
  }

  private Meet export(String... mechanisms) throws Exception {
    RemoteExporter e = RemoteExporter.secure(PKI.config(SERVER).mechanisms(mechanisms).build(), 0);
    exporters.add(e);
    return e.export(new Meeting());
  }

  @Test
  void outsideARemoteCallTheCallerIsAnonymous() {
    assertEquals(JukeboxPrincipal.ANONYMOUS, Caller.current());
    assertFalse(Caller.isKnown());
  }

  @Test
  void concurrentClientsWithDifferentIdentitiesEachSeeTheirOwn() throws Exception {
    Meet stub = export("signature");
    Meet alice = ClientSecurity.as(PKI.config(PKI.user("alice")).mechanisms("signature").build(), stub);
    Meet bob = ClientSecurity.as(PKI.config(PKI.user("bob@example.org")).mechanisms("signature").build(), stub);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        Future<JukeboxPrincipal> a = pool.submit(alice::meet);
        Future<JukeboxPrincipal> b = pool.submit(bob::meet);
        assertEquals(JukeboxPrincipal.user("alice", "signature"), a.get(20, TimeUnit.SECONDS));
        assertEquals(JukeboxPrincipal.user("bob@example.org", "signature"), b.get(20, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void serviceAuthenticatesAsAServicePrincipal() throws Exception {
    Meet stub = export("signature");
    TestPki.Credentials smith = PKI.service("org.jukebox.soundsmith.Mp3SoundSmith");
    Meet asSmith = ClientSecurity.as(PKI.config(smith).mechanisms("signature").build(), stub);
    Meet other = ClientSecurity.as(PKI.config(PKI.user("carol")).mechanisms("signature").build(), stub);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<JukeboxPrincipal> s = pool.submit(asSmith::meet);
      Future<JukeboxPrincipal> c = pool.submit(other::meet);
      assertEquals(new JukeboxPrincipal("org.jukebox.soundsmith.Mp3SoundSmith", JukeboxPrincipal.Kind.SERVICE,
          "signature"), s.get(20, TimeUnit.SECONDS));
      assertEquals("carol", c.get(20, TimeUnit.SECONDS).name());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void requireRefusesAnonymousCallersWithTheActionInTheMessage() throws Exception {
    Meet stub = export("signature", "anonymous");
    Meet anonymous = ClientSecurity.as(PKI.config().mechanisms("anonymous").build(), stub);
    Meet dave = ClientSecurity.as(PKI.config(PKI.user("dave")).mechanisms("signature", "anonymous").build(), stub);
    AccessDeniedException e = assertThrows(AccessDeniedException.class, anonymous::guarded);
    assertEquals("anonymous may not read the guarded greeting", e.getMessage());
    assertEquals("hello dave", dave.guarded());
  }

  @Test
  void callerOfAPlainExportIsAnonymous() throws Exception {
    Meet secure = export("signature");
    ClientSecurity.as(PKI.config(PKI.user("erin")).mechanisms("signature").build(), secure);
    RemoteExporter plain = RemoteExporter.anyPort();
    exporters.add(plain);
    Meet plainStub = plain.export(new Meeting() {
      @Override
      public String guarded() {
        return Caller.current().name() + "/" + Caller.isKnown();
      }
    });
    assertEquals("anonymous/false", plainStub.guarded());
  }

  @Test
  void callAsSetsTheCallerForLocalWorkAndRestoresIt() throws Exception {
    JukeboxPrincipal frank = JukeboxPrincipal.user("frank", "test");
    JukeboxPrincipal grace = JukeboxPrincipal.user("grace", "test");
    String seen = Caller.callAs(frank, () -> Caller.current().name() + ","
        + Caller.callAs(grace, () -> Caller.current().name()) + "," + Caller.current().name());
    assertEquals("frank,grace,frank", seen);
    assertEquals(JukeboxPrincipal.ANONYMOUS, Caller.current());
    assertTrue(Caller.callAs(frank, Caller::isKnown));
    assertEquals("frank may not shout",
        assertThrows(AccessDeniedException.class, () -> Caller.callAs(frank,
            () -> Caller.require(p -> p.domain().equals("example.org"), "shout"))).getMessage());
  }
}

package org.jukebox.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.ServiceId;
import org.jukebox.api.SessionServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Session servers in the extension: announced, killed and restarted on their own data. */
class JukeboxExtensionSessionTest {
  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder().withSessionServer().sessionServer("session-2").build();

  List<ServiceBeacon> listed() throws RemoteException {
    return jukebox.directory().services(SessionServer.SERVICE_KIND);
  }

  @Test
  void sessionServersAreAnnouncedAndComeBackUnderTheirIdAfterARestart() throws Exception {
    MusicDirectory d = jukebox.directory();
    JukeboxExtension.await(Duration.ofSeconds(10), "two session servers listed", () -> {
      try {
        return d.services(SessionServer.SERVICE_KIND).size() == 2;
      } catch (RemoteException e) {
        return false;
      }
    });
    ServiceId id = jukebox.sessionServer(JukeboxExtension.SESSION).id();

    jukebox.kill(JukeboxExtension.SESSION);
    assertFalse(jukebox.isRunning(JukeboxExtension.SESSION));
    assertEquals(1, listed().size(), "a closed session server cancels its lease");
    jukebox.restart(JukeboxExtension.SESSION);

    assertEquals(id, jukebox.sessionServer(JukeboxExtension.SESSION).id());
    JukeboxExtension.await(Duration.ofSeconds(10), "the restarted server listed again", () -> {
      try {
        return listed().stream().anyMatch(b -> b.id().equals(id));
      } catch (RemoteException e) {
        return false;
      }
    });
    assertTrue(jukebox.isRunning("session-2"));
  }
}

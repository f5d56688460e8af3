package org.jukebox.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Preference;
import org.jukebox.api.SongId;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The optional in-process DJ: announced, killed, restarted on its old database. */
class JukeboxExtensionDjTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final SongId SONG = new SongId("s1");

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder().withDj().build();

  private boolean listed() {
    try {
      return !jukebox.directory().services(DiscJockey.SERVICE_KIND).isEmpty();
    } catch (RemoteException e) {
      return false;
    }
  }

  @Test
  void theDjIsAnnouncedAndComesBackWithItsDataAfterAKill() throws Exception {
    JukeboxExtension.await(WAIT, "the DJ listed", this::listed);
    Caller.callAs(JukeboxPrincipal.user("alice", "test"), () -> {
      jukebox.dj().local().report(List.of(ListeningEvent.rated(SONG, 5)));
      return null;
    });

    jukebox.kill(JukeboxExtension.DJ);
    assertFalse(jukebox.isRunning(JukeboxExtension.DJ));
    assertEquals(List.of(), jukebox.directory().services(DiscJockey.SERVICE_KIND), "lease cancelled");
    assertEquals("dj is not running", assertThrows(IllegalStateException.class, jukebox::dj).getMessage());

    jukebox.restart(JukeboxExtension.DJ);
    JukeboxExtension.await(WAIT, "the DJ listed again", this::listed);
    assertEquals(List.of(new Preference(SONG, 3.0, 1)), jukebox.dj().engine().profile("alice", 5).stream()
        .map(p -> new Preference(p.song(), Math.rint(p.score() * 1e6) / 1e6, p.evidence())).toList());
  }
}

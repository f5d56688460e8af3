package org.jukebox.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Preference;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a DJ in its own JVM after acknowledged reports: on restart every acknowledged
 * event is there, and the preferences are those of a DJ that got exactly the stored events.
 */
class CrashTest {
  private static final int KILL_AFTER = 1_000;

  @TempDir Path dir;
  @TempDir Path reference;

  @Test
  void killMinusNineLosesNoAcknowledgedEvent() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int acknowledged = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
        if (line.startsWith("ACK ")) {
          acknowledged = Integer.parseInt(line.substring(4));
          if (acknowledged >= KILL_AFTER) {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no Derby shutdown
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not die");
    }
    assertTrue(acknowledged >= KILL_AFTER, "child acknowledged only " + acknowledged);

    DjServer restarted = DjServer.builder().listen(false).dataDir(dir).clock(CrashChild.clock())
        .rules(CrashChild.rules()).build().start();
    DjServer expected = DjServer.builder().listen(false).dataDir(reference).clock(CrashChild.clock())
        .rules(CrashChild.rules()).build().start();
    try {
      long stored = restarted.engine().eventCount();
      assertTrue(stored >= acknowledged, "stored " + stored + " < acknowledged " + acknowledged);
      assertEquals(0, stored % CrashChild.BATCH, "a batch is all or nothing: " + stored);
      // The same events, given to a DJ that never crashed, batch by batch.
      DiscJockey dj = expected.local();
      for (int b = 0; b < stored / CrashChild.BATCH; b++) {
        List<ListeningEvent> batch = new ArrayList<>();
        for (int k = 0; k < CrashChild.BATCH; k++) {
          batch.add(CrashChild.event(b * CrashChild.BATCH + k));
        }
        Caller.callAs(JukeboxPrincipal.user(CrashChild.user(b), "signature"), () -> {
          dj.report(batch);
          return null;
        });
      }
      for (int u = 0; u < CrashChild.USERS; u++) {
        List<Preference> got = restarted.engine().profile("user" + u, 100);
        assertNotNull(got);
        assertTrue(!got.isEmpty(), "user" + u + " has a profile");
        assertEquals(expected.engine().profile("user" + u, 100), got, "user" + u);
      }
    } finally {
      restarted.close();
      expected.close();
    }
  }
}

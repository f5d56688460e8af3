package org.jukebox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jukebox.security.JukeboxPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SecureRmiBenchTest {
  @Test
  @Timeout(120)
  void smallRunAgainstAChildServerMeasuresEveryTransportAndEveryMechanism() throws Exception {
    SecureRmiBench.Params p = new SecureRmiBench.Params(40, 2, 1, 3, 1, 8, Duration.ofMillis(200), 1, 16, false);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    SecureRmiBench.Result r = SecureRmiBench.run(p, out);
    r.print(out);

    assertNull(r.firstError(), text::toString);
    assertEquals(0, r.errors());
    assertEquals(JukeboxPrincipal.user("bench", "signature").toString(), r.securePrincipal(),
        "secure calls are authenticated with the bench user's certificate");
    for (SecureRmiBench.Transport t : SecureRmiBench.Transport.values()) {
      SecureRmiBench.CallFigures f = r.calls().get(t);
      assertEquals(2, f.roundNanos().length, t.label);
      assertTrue(f.medianRound() > 0, t.label);
      assertEquals(80, f.latency().count(), t.label + ": 2 rounds x 40 calls");
      assertEquals(1, r.throughput().get(t).length, t.label);
      assertTrue(r.throughput().get(t)[0] > 0, t.label + " made calls under load");
    }
    assertEquals(2, r.secureToPlainRatios().length);
    for (SecureRmiBench.Setup s : SecureRmiBench.Setup.values()) {
      assertEquals(3, r.setup().get(s).count(), s.label + ": one sample per connection");
      assertTrue(r.setup().get(s).min() > 0, s.label);
    }
    for (SecureRmiBench.Setup s : List.of(SecureRmiBench.Setup.SIGNATURE, SecureRmiBench.Setup.HMAC,
        SecureRmiBench.Setup.COIN, SecureRmiBench.Setup.ANONYMOUS, SecureRmiBench.Setup.JDK_TLS)) {
      assertTrue(r.negotiated().get(s).startsWith("TLSv1.3 "), s.label + ": " + r.negotiated().get(s));
    }
    assertTrue(r.clean());
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("SecureRMI / plain: "), text::toString);
  }

  @Test
  void paramsRefuseOutOfRangeValuesWithExactMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SecureRmiBench.Params(
        0, 10, 3, 200, 30, 8, Duration.ofSeconds(5), 3, 16, true));
    assertEquals("calls < 1: 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SecureRmiBench.Params(
        10, 10, 3, 200, 30, 65, Duration.ofSeconds(5), 3, 16, true));
    assertEquals("threads > 64: 65", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SecureRmiBench.Params(
        10, 10, 3, 200, 30, 8, Duration.ofMillis(50), 3, 16, true));
    assertEquals("throughputDuration < 100ms: 50ms", e.getMessage());
  }

  @Test
  void roundsRotateWhichTransportGoesFirst() {
    String[] kinds = {"a", "b", "c"};
    assertEquals(List.of("a", "b", "c"), SecureRmiBench.rotated(kinds, 0));
    assertEquals(List.of("b", "c", "a"), SecureRmiBench.rotated(kinds, 1));
    assertEquals(List.of("c", "a", "b"), SecureRmiBench.rotated(kinds, -1), "warm-up rounds count from -1");
  }
}

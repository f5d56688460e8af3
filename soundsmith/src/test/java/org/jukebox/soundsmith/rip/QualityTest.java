package org.jukebox.soundsmith.rip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QualityTest {
  @Test
  void commandLineFormsParse() {
    assertEquals(Quality.cbr(192), Quality.parse("192"));
    assertEquals(Quality.cbr(320), Quality.parse("cbr:320"));
    assertEquals(Quality.vbr(192), Quality.parse("vbr"));
    assertEquals(Quality.vbr(160), Quality.parse("VBR:160"));
    assertEquals("CBR 192 kbps", Quality.DEFAULT.toString());
    assertEquals("VBR ~160 kbps", Quality.vbr(160).toString());
  }

  @Test
  void badQualitiesAreRefusedWithExactMessages() {
    assertEquals("not an MP3 bit rate: 100 (one of 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)",
        assertThrows(IllegalArgumentException.class, () -> Quality.parse("100")).getMessage());
    assertEquals("VBR target not in 32..320: 400",
        assertThrows(IllegalArgumentException.class, () -> Quality.vbr(400)).getMessage());
    assertEquals("quality is N, cbr:N, vbr or vbr:N: fast",
        assertThrows(IllegalArgumentException.class, () -> Quality.parse("fast")).getMessage());
  }
}

package org.jukebox.soundsmith.cddb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jukebox.soundsmith.cd.DiscInfo;
import org.jukebox.soundsmith.cd.DiscLookupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CddbDiscInfoTest {
  @TempDir Path root;

  @Test
  void aFoundEntryNamesTheDisc() throws Exception {
    XmcdFixtures.write(root, "rock", "0e031e04", XmcdFixtures.CAFE);

    Optional<DiscInfo> info = CddbDiscInfo.of(XmcdDatabase.open(root)).lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Optional.of(new DiscInfo("0e031e04", "Ana Lucía Peñalver", "Mañanas de Café", 2021, "Latin",
        List.of("Despertar", "Calle del Sol (versión larga, con la banda completa)", "Pequeña Canción", "Último Tranvía"),
        List.of("", "", "", ""), "Grabado en Sevilla.\nMezcla: R. Ortega\t2021 \\ edición limitada")), info);
  }

  @Test
  void aCompilationKeepsTrackArtistsAndAnEntryWithoutGenreTakesItsCategory() throws Exception {
    XmcdFixtures.write(root, "misc", "11032004", XmcdFixtures.COMPILATION);
    XmcdFixtures.write(root, "newage", "1b019003", XmcdFixtures.NIGHT_TRAIN);
    CddbDiscInfo source = CddbDiscInfo.of(XmcdDatabase.open(root));

    DiscInfo compilation = source.lookup(XmcdFixtures.CAFE_OTHER_PRESSING_TOC).orElseThrow();
    DiscInfo nightTrain = source.lookup(XmcdFixtures.NIGHT_TRAIN_TOC).orElseThrow();

    assertEquals("11032004", compilation.discId());
    assertEquals(List.of("The Square Waves", "Ana Lucía Peñalver", "AC/DC Tribute Band", "Hoshino Collective"),
        compilation.trackArtists());
    assertEquals("Highway", compilation.trackTitle(2));
    assertEquals("newage", nightTrain.genre());
    assertEquals("Hoshino Collective", nightTrain.trackArtist(0));
  }

  @Test
  void noMatchAndMismatchAnswerEmptySoTheDiscKeepsGenericNames() throws Exception {
    CddbDiscInfo source = CddbDiscInfo.of(XmcdDatabase.open(root));
    assertEquals(Optional.empty(), source.lookup(XmcdFixtures.CAFE_TOC));
    XmcdFixtures.write(root, "blues", "0e031e04", XmcdFixtures.COLLIDING_THREE_TRACKS);
    assertEquals(Optional.empty(), source.lookup(XmcdFixtures.CAFE_TOC));
  }

  @Test
  void anUnreachableServerIsALookupFailureWithTheReason() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CddbDiscInfo source = CddbDiscInfo.of(CddbHttp.builder(URI.create("http://127.0.0.1:" + port)).build());

    DiscLookupException e = assertThrows(DiscLookupException.class, () -> source.lookup(XmcdFixtures.CAFE_TOC));

    assertEquals("CDDB server http://127.0.0.1:" + port + "/~cddb/cddb.cgi unreachable: connection refused", e.getMessage());
  }
}

package org.jukebox.soundsmith.cddb;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jukebox.soundsmith.cd.Toc;

/** Hand-written xmcd entries in the shape freedb serves them, for discs with known tables of contents. */
final class XmcdFixtures {
  private XmcdFixtures() {}

  /** Four tracks, 800 s: freedb id 0e031e04. */
  static final Toc CAFE_TOC = Toc.parse("1 4 60000 150 15000 30000 45000");
  /** Three tracks, 402 s: freedb id 1b019003. */
  static final Toc NIGHT_TRAIN_TOC = Toc.parse("1 3 30150 150 10150 20150");
  /** Four tracks, like CAFE but every start 100 frames later and 2 s longer: freedb id 11032004. */
  static final Toc CAFE_OTHER_PRESSING_TOC = Toc.parse("1 4 60200 150 15100 30100 45100");

  /** Accents, a title split over two lines, escapes, EXTT, PLAYORDER. */
  static final String CAFE = """
      # xmcd
      #
      # Track frame offsets:
      #\t150
      #\t15000
      #\t30000
      #\t45000
      #
      # Disc length: 800 seconds
      #
      # Revision: 2
      # Processed by: cddbd v1.5.2PL0 Copyright (c) Steve Scherf et al.
      # Submitted via: jukebox 0.1
      #
      DISCID=0e031e04
      DTITLE=Ana Lucía Peñalver / Mañanas de Café
      DYEAR=2021
      DGENRE=Latin
      TTITLE0=Despertar
      TTITLE1=Calle del Sol (versión larga, con la banda
      TTITLE1= completa)
      TTITLE2=Pequeña Canción
      TTITLE3=Último Tranvía
      EXTD=Grabado en Sevilla.\\nMezcla: R. Ortega\\t2021
      EXTD= \\\\ edición limitada
      EXTT0=
      EXTT1=
      EXTT2=Solo guitarra
      EXTT3=
      PLAYORDER=3,2,1,0
      """;

  /** Japanese titles; DGENRE absent, DYEAR free text. */
  static final String NIGHT_TRAIN = """
      # xmcd
      #
      # Track frame offsets:
      #        150
      #        10150
      #        20150
      #
      # Disc length: 402 secs
      #
      # Revision: 0
      #
      DISCID=1b019003
      DTITLE=Hoshino Collective / 夜の電車 (Night Train)
      DYEAR=circa 2019
      DGENRE=
      TTITLE0=青い街灯
      TTITLE1=Platform 7
      TTITLE2=雨上がり
      EXTD=
      PLAYORDER=
      """;

  /** A compilation: each TTITLE is "Artist / Title"; DTITLE without the artist part's slash. */
  static final String COMPILATION = """
      # xmcd
      #
      # Track frame offsets:
      #\t150
      #\t15000
      #\t30000
      #\t45000
      #
      # Disc length: 800 seconds
      #
      DISCID=0e031e04,11032004
      DTITLE=Various / Summer Hits ★ 2024
      DYEAR=2024
      DGENRE=Pop
      TTITLE0=The Square Waves / Heat Index
      TTITLE1=Ana Lucía Peñalver / Calle del Sol
      TTITLE2=AC/DC Tribute Band / Highway
      TTITLE3=Hoshino Collective / 雨上がり
      EXTD=
      PLAYORDER=
      """;

  /** Same disc id as CAFE, but three tracks: a colliding id of another disc. */
  static final String COLLIDING_THREE_TRACKS = """
      # xmcd
      #
      # Track frame offsets:
      #\t150
      #\t20000
      #\t40000
      #
      # Disc length: 800 seconds
      #
      DISCID=0e031e04
      DTITLE=Someone Else / Three Songs
      TTITLE0=One
      TTITLE1=Two
      TTITLE2=Three
      """;

  /** A DTITLE without " / ": artist and album are both the whole title. */
  static final String NO_SLASH = """
      DISCID=1b019003
      DTITLE=Greatest Hits
      TTITLE0=A
      TTITLE1=B
      TTITLE2=C
      """;

  /** Writes {@code text} as {@code root/category/discId} in {@code charset}. */
  static Path write(Path root, String category, String discId, String text, Charset charset) throws IOException {
    Path file = root.resolve(category).resolve(discId);
    Files.createDirectories(file.getParent());
    Files.write(file, text.getBytes(charset));
    return file;
  }

  static Path write(Path root, String category, String discId, String text) throws IOException {
    return write(root, category, discId, text, StandardCharsets.UTF_8);
  }
}

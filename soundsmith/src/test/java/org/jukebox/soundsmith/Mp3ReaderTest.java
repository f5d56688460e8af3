package org.jukebox.soundsmith;

import static org.jukebox.soundsmith.Mp3Fixtures.LATIN1;
import static org.jukebox.soundsmith.Mp3Fixtures.UTF16BE;
import static org.jukebox.soundsmith.Mp3Fixtures.UTF16_BOM;
import static org.jukebox.soundsmith.Mp3Fixtures.UTF8;
import static org.jukebox.soundsmith.Mp3Fixtures.apic;
import static org.jukebox.soundsmith.Mp3Fixtures.frame22;
import static org.jukebox.soundsmith.Mp3Fixtures.frame23;
import static org.jukebox.soundsmith.Mp3Fixtures.frame24;
import static org.jukebox.soundsmith.Mp3Fixtures.id3v1;
import static org.jukebox.soundsmith.Mp3Fixtures.tag;
import static org.jukebox.soundsmith.Mp3Fixtures.text;
import static org.jukebox.soundsmith.Mp3Fixtures.tone;
import static org.jukebox.soundsmith.Mp3Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.jukebox.api.CoverArt;
import org.jukebox.soundsmith.internal.mp3.Mp3FormatException;
import org.jukebox.soundsmith.internal.mp3.Mp3Metadata;
import org.jukebox.soundsmith.internal.mp3.Mp3Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Mp3ReaderTest {
  static final String ACCENTS = "Café Tacvba – Señor";
  static final String CJK = "東京事変";
  static final String SYMBOLS = "♫ ★ €";
  static final String LATIN1_TEXT = "Café Señor Ñandú ÿ";

  @TempDir
  Path dir;

  private Mp3Metadata read(String name, byte[]... parts) throws Exception {
    return Mp3Reader.read(write(dir.resolve(name), parts));
  }

  @Test
  void id3v23Latin1TextRoundTrips() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(3, 0, frame23("TIT2", text(LATIN1, LATIN1_TEXT)),
        frame23("TPE1", text(LATIN1, "Señor Coconut")), frame23("TALB", text(LATIN1, "Über Alles"))), tone());
    assertEquals(LATIN1_TEXT, m.title());
    assertEquals("Señor Coconut", m.artist());
    assertEquals("Über Alles", m.album());
  }

  @Test
  void id3v23Utf16WithEitherByteOrderMarkRoundTripsAccentsCjkAndSymbols() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(3, 0, frame23("TIT2", text(UTF16_BOM, ACCENTS)),
        frame23("TPE1", Mp3Fixtures.textUtf16Le(CJK)), frame23("TALB", text(UTF16_BOM, SYMBOLS))), tone());
    assertEquals(ACCENTS, m.title());
    assertEquals(CJK, m.artist());
    assertEquals(SYMBOLS, m.album());
  }

  @ParameterizedTest
  @ValueSource(ints = {UTF16_BOM, UTF16BE, UTF8})
  void id3v24TextRoundTripsInEveryUnicodeEncoding(int encoding) throws Exception {
    Mp3Metadata m = read("a.mp3", tag(4, 0, frame24("TIT2", text(encoding, ACCENTS)),
        frame24("TPE1", text(encoding, CJK)), frame24("TALB", text(encoding, SYMBOLS)),
        frame24("TCON", text(encoding, "Rock"))), tone());
    assertEquals(ACCENTS, m.title());
    assertEquals(CJK, m.artist());
    assertEquals(SYMBOLS, m.album());
    assertEquals("Rock", m.genre());
  }

  @Test
  void id3v24Latin1TextRoundTrips() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(4, 0, frame24("TIT2", text(LATIN1, LATIN1_TEXT))), tone());
    assertEquals(LATIN1_TEXT, m.title());
  }

  @Test
  void id3v24MultipleValuesAreJoined() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(4, 0, frame24("TPE1", text(UTF8, "Ana", "Bo")),
        frame24("TCON", text(UTF8, "13", "Ambient"))), tone());
    assertEquals("Ana / Bo", m.artist());
    assertEquals("Pop, Ambient", m.genre());
  }

  @Test
  void mp3agicWrittenTagRoundTripsAccentsCjkAndSymbols() throws Exception {
    Path file = dir.resolve("agic.mp3");
    SampleLibrary.writeTagged(file, tone(), SampleLibrary.Tags.titled(ACCENTS + " " + SYMBOLS).withArtist(CJK)
        .withAlbum("Mañana").withTrack(3, 12).withDisc(2).withYear(2004).withGenre("Jazz"));
    Mp3Metadata m = Mp3Reader.read(file);
    assertEquals(ACCENTS + " " + SYMBOLS, m.title());
    assertEquals(CJK, m.artist());
    assertEquals("Mañana", m.album());
    assertEquals(3, m.track());
    assertEquals(2, m.disc());
    assertEquals(2004, m.year());
    assertEquals("Jazz", m.genre());
  }

  @Test
  void id3v24YearComesFromTdrc() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(4, 0, frame24("TDRC", text(UTF8, "2004-05-01T12:00"))), tone());
    assertEquals(2004, m.year());
  }

  @Test
  void id3v23YearComesFromTyer() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(3, 0, frame23("TYER", text(LATIN1, "1997"))), tone());
    assertEquals(1997, m.year());
  }

  @Test
  void trackAndDiscAreTheNumbersBeforeTheSlash() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(3, 0, frame23("TRCK", text(LATIN1, "3/12")),
        frame23("TPOS", text(LATIN1, "1/2"))), tone());
    assertEquals(3, m.track());
    assertEquals(1, m.disc());
  }

  @ParameterizedTest
  @ValueSource(strings = {"(13)", "13", "(13)Pop"})
  void numericGenreIsResolvedToItsName(String genre) throws Exception {
    Mp3Metadata m = read("a.mp3", tag(3, 0, frame23("TCON", text(LATIN1, genre))), tone());
    assertEquals("Pop", m.genre());
  }

  @Test
  void genreRefinementWinsOverItsNumber() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(3, 0, frame23("TCON", text(LATIN1, "(17)Britpop"))), tone());
    assertEquals("Britpop", m.genre());
  }

  @Test
  void remixAndCoverCodesAreNamed() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(3, 0, frame23("TCON", text(LATIN1, "(RX)(CR)"))), tone());
    assertEquals("Remix, Cover", m.genre());
  }

  @Test
  void id3v1TagIsReadWithGenreNumberResolved() throws Exception {
    Mp3Metadata m = read("v1.mp3", tone(), id3v1("Ñandú", "Señor", "Álbum", "1999", 7, 26));
    assertEquals("Ñandú", m.title());
    assertEquals("Señor", m.artist());
    assertEquals("Álbum", m.album());
    assertEquals(1999, m.year());
    assertEquals(7, m.track());
    assertEquals("Ambient", m.genre());
  }

  @Test
  void id3v1FillsOnlyWhatId3v2LeftEmpty() throws Exception {
    Mp3Metadata m = read("both.mp3", tag(4, 0, frame24("TIT2", text(UTF8, CJK))), tone(),
        id3v1("ascii title", "v1 artist", "", "2001", 0, 255));
    assertEquals(CJK, m.title());
    assertEquals("v1 artist", m.artist());
    assertEquals(2001, m.year());
    assertEquals("", m.genre());
  }

  @Test
  void id3v22TagIsRead() throws Exception {
    Mp3Metadata m = read("v22.mp3", tag(2, 0, frame22("TT2", text(UTF16_BOM, ACCENTS)),
        frame22("TP1", text(LATIN1, "Old Tagger")), frame22("TRK", text(LATIN1, "4/9")),
        frame22("TYE", text(LATIN1, "1995")), frame22("TCO", text(LATIN1, "(8)"))), tone());
    assertEquals(ACCENTS, m.title());
    assertEquals("Old Tagger", m.artist());
    assertEquals(4, m.track());
    assertEquals(1995, m.year());
    assertEquals("Jazz", m.genre());
  }

  @Test
  void unsynchronisedId3v23TagIsRead() throws Exception {
    // "ÿ" is 0xFF in Latin-1, which unsynchronisation escapes with a following 0x00.
    byte[] frames = Mp3Fixtures.concat(frame23("TIT2", text(LATIN1, "ÿes ÿes")), frame23("TPE1", text(LATIN1, "Ÿ")),
        new byte[16]);
    byte[] body = Mp3Fixtures.unsynchronise(frames);
    byte[] header = Mp3Fixtures.concat(new byte[] {'I', 'D', '3', 3, 0, (byte) 0x80}, Mp3Fixtures.syncsafe(body.length));
    Mp3Metadata m = read("unsync.mp3", header, body, tone());
    assertEquals("ÿes ÿes", m.title());
  }

  @Test
  void id3v24FrameSizesWrittenAsPlainIntegersAreTolerated() throws Exception {
    // iTunes wrote ID3v2.4 frame sizes as plain 32-bit integers; 200 = 0xC8 is not syncsafe.
    String title = "x".repeat(199);
    byte[] body = text(LATIN1, title);
    byte[] frame = Mp3Fixtures.concat("TIT2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
        Mp3Fixtures.int32(body.length), new byte[2], body);
    Mp3Metadata m = read("itunes.mp3", tag(4, 0, frame, frame24("TPE1", text(UTF8, CJK))), tone());
    assertEquals(title, m.title());
    assertEquals(CJK, m.artist());
  }

  @Test
  void id3v23ExtendedHeaderIsSkipped() throws Exception {
    byte[] extended = Mp3Fixtures.concat(Mp3Fixtures.int32(6), new byte[6]);
    Mp3Metadata m = read("ext.mp3", tag(3, 0x40, extended, frame23("TIT2", text(UTF16_BOM, SYMBOLS))), tone());
    assertEquals(SYMBOLS, m.title());
  }

  @Test
  void audioAfterKilobytesOfJunkIsFound() throws Exception {
    byte[] junk = new byte[10_000];
    new Random(9).nextBytes(junk);
    for (int i = 0; i < junk.length; i++) {
      junk[i] &= 0x7F; // no 0xFF, so no sync can hide in it
    }
    Mp3Metadata m = read("junk.mp3", tag(3, 0, frame23("TIT2", text(LATIN1, "after junk"))), junk, tone());
    assertEquals("after junk", m.title());
    assertEquals(1500, m.durationMillis(), 60);
  }

  @Test
  void untaggedFileIsNamedAfterItsFileName() throws Exception {
    Mp3Metadata m = read("Señor Coconut - Oye Como Va.MP3", tone());
    assertEquals("Señor Coconut - Oye Como Va", m.title());
    assertEquals("", m.artist());
    assertEquals(0, m.year());
    assertFalse(m.hasCoverArt());
  }

  @Test
  void blankTitleTagFallsBackToTheFileName() throws Exception {
    Mp3Metadata m = read("named.mp3", tag(4, 0, frame24("TIT2", text(UTF8, "   "))), tone());
    assertEquals("named", m.title());
  }

  @Test
  void cbrDurationBitrateAndSampleRateAreMeasured() throws Exception {
    Mp3Metadata m = read("a.mp3", tag(4, 0, frame24("TIT2", text(UTF8, "t"))), tone());
    assertEquals(1500, m.durationMillis(), 60);
    assertEquals(128, m.bitrateKbps());
    assertEquals(44100, m.sampleRateHz());
  }

  @Test
  void cbrWithoutInfoHeaderIsTimedFromSizeAndBitrate() throws Exception {
    byte[] audio = tone();
    // Blank the Info header the encoder helper filled in (mono MPEG-1: it sits at byte 21).
    assertEquals("Info", new String(audio, 21, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
    java.util.Arrays.fill(audio, 21, 37, (byte) 0);
    Mp3Metadata m = read("plain.mp3", audio);
    assertEquals(1500, m.durationMillis(), 80);
    assertEquals(128, m.bitrateKbps());
  }

  @Test
  void vbrDurationAndAverageBitrateComeFromTheXingHeader() throws Exception {
    byte[] audio = Mp3Fixtures.vbrMelody();
    Mp3Metadata m = read("vbr.mp3", audio);
    assertEquals(2000, m.durationMillis(), 60);
    long expectedKbps = Math.round(audio.length * 8.0 / m.durationMillis());
    assertEquals(expectedKbps, m.bitrateKbps(), 2);
    // LAME picks the output rate for VBR itself; the reader must report what the frames say.
    assertEquals(org.jukebox.soundsmith.internal.mp3.MpegHeader.parse(audio, 0).sampleRateHz(), m.sampleRateHz());
    assertEquals("Xing", new String(audio, 21, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void coverArtIsDetectedAndReadable() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, 4};
    Path file = dir.resolve("art.mp3");
    SampleLibrary.writeTagged(file, tone(), SampleLibrary.Tags.titled("t").withCover(new CoverArt("image/png", png)));
    assertTrue(Mp3Reader.read(file).hasCoverArt());
    CoverArt art = Mp3Reader.coverArt(file).orElseThrow();
    assertEquals("image/png", art.mimeType());
    assertArrayEquals(png, art.data());
  }

  @Test
  void frontCoverIsPreferredAndDescriptionsInUtf16AreSkipped() throws Exception {
    byte[] back = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1};
    byte[] front = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 2, 3};
    Path file = write(dir.resolve("two.mp3"), tag(3, 0, frame23("APIC", apic(UTF16_BOM, "image/jpeg", 4, "Rückseite", back)),
        frame23("APIC", apic(LATIN1, "", 3, "front", front))), tone());
    CoverArt art = Mp3Reader.coverArt(file).orElseThrow();
    assertArrayEquals(front, art.data());
    assertEquals("image/jpeg", art.mimeType()); // sniffed: the frame left the MIME type empty
  }

  @Test
  void fileWithoutPictureHasNoCoverArt() throws Exception {
    Path file = write(dir.resolve("none.mp3"), tag(4, 0, frame24("TIT2", text(UTF8, "t"))), tone());
    assertFalse(Mp3Reader.read(file).hasCoverArt());
    assertTrue(Mp3Reader.coverArt(file).isEmpty());
  }

  @Test
  void largePictureTagIsReadWithoutLosingText() throws Exception {
    byte[] image = new byte[3 * 1024 * 1024];
    new Random(1).nextBytes(image);
    image[0] = (byte) 0xFF;
    image[1] = (byte) 0xD8;
    Path file = write(dir.resolve("big.mp3"), tag(4, 0, frame24("APIC", apic(LATIN1, "image/jpeg", 3, "", image)),
        frame24("TIT2", text(UTF8, CJK))), tone());
    Mp3Metadata m = Mp3Reader.read(file);
    assertEquals(CJK, m.title());
    assertTrue(m.hasCoverArt());
    assertEquals(1500, m.durationMillis(), 60);
    assertArrayEquals(image, Mp3Reader.coverArt(file).orElseThrow().data());
  }

  // ---- bad input: each is a format error with a reason, never an unchecked exception

  private String reasonFor(String name, byte[]... parts) throws IOException {
    Path file = write(dir.resolve(name), parts);
    return assertThrows(Mp3FormatException.class, () -> Mp3Reader.read(file)).getMessage();
  }

  @Test
  void emptyFileIsRefused() throws Exception {
    assertEquals("empty file", reasonFor("empty.mp3"));
  }

  @Test
  void fileTruncatedInsideItsTagIsRefused() throws Exception {
    byte[] whole = Mp3Fixtures.concat(tag(4, 0, frame24("TIT2", text(UTF8, "x".repeat(500)))), tone());
    String reason = reasonFor("cut.mp3", Mp3Fixtures.prefix(whole, 300));
    assertTrue(reason.startsWith("truncated or corrupt: ID3v2 tag claims"), reason);
  }

  @Test
  void fileTruncatedInsideItsAudioIsRefused() throws Exception {
    byte[] audio = tone();
    String reason = reasonFor("half.mp3", Mp3Fixtures.prefix(audio, audio.length / 2));
    assertTrue(reason.startsWith("truncated: the Info header declares"), reason);
  }

  @Test
  void fileWithOnlyATagIsRefused() throws Exception {
    assertEquals("truncated: no audio after the ID3v2 tag", reasonFor("tagonly.mp3", tag(4, 0, frame24("TIT2",
        text(UTF8, "t")))));
  }

  @Test
  void randomBytesAreRefused() throws Exception {
    byte[] noise = new byte[40_000];
    new Random(42).nextBytes(noise);
    assertEquals("not an MP3: no MPEG audio frame in the first 64 KiB", reasonFor("noise.mp3", noise));
  }

  @Test
  void absurdTagSizeIsRefused() throws Exception {
    byte[] header = Mp3Fixtures.concat(new byte[] {'I', 'D', '3', 4, 0, 0}, Mp3Fixtures.syncsafe(200 * 1024 * 1024));
    String reason = reasonFor("huge.mp3", header, tone());
    assertTrue(reason.startsWith("truncated or corrupt: ID3v2 tag claims 209715200 bytes but the file has only"),
        reason);
  }

  @Test
  void pngNamedMp3IsRefusedAsAPng() throws Exception {
    byte[] png = Mp3Fixtures.concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, new byte[2000]);
    assertEquals("not an MP3: looks like a PNG image", reasonFor("cover.mp3", png));
  }

  @Test
  void frameHeaderWithoutFrameIsRefusedAsTruncated() throws Exception {
    assertEquals("truncated: the first MPEG frame runs past the end of the file",
        reasonFor("stub.mp3", Mp3Fixtures.prefix(tone(), 100)));
  }
}

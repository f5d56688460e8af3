package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jukebox.soundsmith.SampleLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  @TempDir Path home;

  @Test
  void demoIndexesTheLibraryFindsItThroughTheDirectoryAndPlaysSongs() throws Exception {
    Path library = Files.createDirectories(home.resolve("library"));
    SampleLibrary.writeTone(library.resolve("a.mp3"), 440, 1.2,
        SampleLibrary.Tags.titled("First Light").withArtist("Test Band").withAlbum("Tones"));
    SampleLibrary.writeTone(library.resolve("b.mp3"), 660, 1.2,
        SampleLibrary.Tags.titled("Second Wind").withArtist("Test Band").withAlbum("Tones"));
    Files.write(library.resolve("broken.mp3"), new byte[] {1, 2, 3, 4});

    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DemoCommand demo = new DemoCommand();
    demo.in = new BufferedReader(new StringReader(""));
    demo.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    System.setProperty("jukebox.audio", "null");
    int code = new CommandLine(demo).execute(
        "--home", home.toString(), "--library", library.toString(), "--songs", "2", "--no-gui");
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertEquals(0, code, output);
    assertTrue(output.contains("indexed 3 files: 2 songs, 1 skipped"), output);
    // Two MP3s of the library and the sample CD's four tracks (from the CD SoundSmith, or their
    // ripped copies once the rip daemon has made them: one song either way), from the library's
    // SoundSmith, the CD SoundSmith and the SoundSmith of ripped CDs.
    assertTrue(output.contains("client: 6 songs from 3 SoundSmith(s)"), output);
    assertTrue(output.contains("sample CD: 4 tracks of \"Sample Disc\" by The Jukebox Quartet, named from the local"
        + " disc database " + home.resolve("xmcd")), output);
    assertTrue(output.contains("DJ on port "), output);
    assertTrue(output.contains("HTML proxy on http://127.0.0.1:"), output);
    assertTrue(output.contains("security: SecureRMI (TLS 1.3 + signature authentication), demo CA under "), output);
    long started = Arrays.stream(output.split("\n")).filter(l -> l.startsWith("▶ ")).count();
    assertTrue(started >= 2, output);
    assertFalse(output.contains("\n! "), "no playback errors expected:\n" + output);
    assertTrue(output.endsWith("demo finished" + System.lineSeparator()), output);
  }
}

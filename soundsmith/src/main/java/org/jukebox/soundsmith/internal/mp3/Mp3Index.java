package org.jukebox.soundsmith.internal.mp3;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;

/**
 * The persistent index of an Mp3SoundSmith: one binary file holding the catalog version and an
 * {@link IndexEntry} per file, with a CRC-32 trailer. Written to a temporary sibling, synced and
 * moved into place, so a crash leaves either the old index or the new one, never half of one.
 *
 * <p>Stateless apart from the paths; not for concurrent writers (the library writes from its one
 * indexing thread).
 */
public final class Mp3Index {
  private static final byte[] MAGIC = "JBXMP3IX".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;
  private static final String CONTENT_TYPE = "audio/mpeg";

  /**
   * What a load found.
   *
   * @param owner the SoundSmith id it was written for
   * @param root the library root it was written for, as an absolute path string
   * @param version the catalog version when written
   * @param entries every remembered file
   */
  public record Contents(String owner, String root, long version, List<IndexEntry> entries) {}

  private final Path file;

  public Mp3Index(Path file) {
    this.file = file;
  }

  /** Where the index lives. */
  public Path file() {
    return file;
  }

  /**
   * Reads the index.
   *
   * @throws java.nio.file.NoSuchFileException if there is none
   * @throws IOException if it cannot be read or is corrupt (the message says how)
   */
  public Contents load() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < MAGIC.length + 8) {
      throw new IOException("index is " + bytes.length + " bytes, too short");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = 0;
    for (int i = bytes.length - 8; i < bytes.length; i++) {
      stored = (stored << 8) | (bytes[i] & 0xFF);
    }
    if (stored != crc.getValue()) {
      throw new IOException("index checksum mismatch");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException("not an index file");
      }
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IOException("index format " + format + ", expected " + FORMAT);
      }
      String owner = in.readUTF();
      String root = in.readUTF();
      long version = in.readLong();
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("negative entry count " + count);
      }
      List<IndexEntry> entries = new ArrayList<>(Math.min(count, 1 << 20));
      for (int i = 0; i < count; i++) {
        String path = in.readUTF();
        long size = in.readLong();
        long mtime = in.readLong();
        long entryVersion = in.readLong();
        byte kind = in.readByte();
        if (kind == 0) {
          SongId id = new SongId(in.readUTF());
          String title = in.readUTF();
          String artist = in.readUTF();
          String album = in.readUTF();
          int track = in.readInt();
          int disc = in.readInt();
          int year = in.readInt();
          String genre = in.readUTF();
          long millis = in.readLong();
          int bitrate = in.readInt();
          int rate = in.readInt();
          boolean cover = in.readBoolean();
          Song song = new Song(id, title, artist, album, track, disc, year, genre, Duration.ofMillis(millis), bitrate,
              rate, cover, size, CONTENT_TYPE);
          entries.add(IndexEntry.song(path, size, mtime, entryVersion, song));
        } else if (kind == 1 || kind == 2) {
          entries.add(IndexEntry.skipped(path, size, mtime, in.readUTF(), kind == 2));
        } else {
          throw new IOException("unknown entry kind " + kind);
        }
      }
      if (in.available() != 0) {
        throw new IOException(in.available() + " stray bytes after the entries");
      }
      return new Contents(owner, root, version, entries);
    } catch (EOFException e) {
      throw new IOException("index ends early", e);
    } catch (IllegalArgumentException e) {
      throw new IOException("index holds an invalid value: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the index atomically.
   *
   * @throws IOException if it cannot be written
   */
  public void save(String owner, String root, long version, Collection<IndexEntry> entries) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileOutputStream raw = new FileOutputStream(temp.toFile())) {
        CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, 1 << 16));
        out.write(MAGIC);
        out.writeInt(FORMAT);
        out.writeUTF(owner);
        out.writeUTF(root);
        out.writeLong(version);
        out.writeInt(entries.size());
        for (IndexEntry e : entries) {
          out.writeUTF(e.path());
          out.writeLong(e.size());
          out.writeLong(e.mtimeNanos());
          out.writeLong(e.version());
          Song s = e.song();
          if (s != null) {
            out.writeByte(0);
            out.writeUTF(s.id().value());
            out.writeUTF(s.title());
            out.writeUTF(s.artist());
            out.writeUTF(s.album());
            out.writeInt(s.track());
            out.writeInt(s.disc());
            out.writeInt(s.year());
            out.writeUTF(s.genre());
            out.writeLong(s.duration().toMillis());
            out.writeInt(s.bitrateKbps());
            out.writeInt(s.sampleRateHz());
            out.writeBoolean(s.hasCoverArt());
          } else {
            out.writeByte(e.retry() ? 2 : 1);
            out.writeUTF(e.skipReason());
          }
        }
        out.flush();
        long crc = checked.getChecksum().getValue();
        byte[] trailer = new byte[8];
        for (int i = 7; i >= 0; i--) {
          trailer[i] = (byte) crc;
          crc >>>= 8;
        }
        raw.write(trailer);
        raw.getFD().sync();
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

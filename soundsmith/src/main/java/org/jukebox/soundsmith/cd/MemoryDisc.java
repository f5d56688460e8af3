package org.jukebox.soundsmith.cd;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/** A {@link Disc} over PCM in memory; see {@link Disc#inMemory}. */
final class MemoryDisc implements Disc {
  private final String origin;
  private final Toc toc;
  private final byte[] pcm;

  MemoryDisc(String origin, Toc toc, byte[] pcm) {
    Objects.requireNonNull(origin, "origin");
    if (origin.isBlank()) {
      throw new IllegalArgumentException("origin is blank");
    }
    this.origin = origin;
    this.toc = Objects.requireNonNull(toc, "toc");
    this.pcm = Objects.requireNonNull(pcm, "pcm");
    long frames = toc.leadOut() - Toc.LEAD_IN_FRAMES;
    if (pcm.length != frames * Toc.BYTES_PER_FRAME) {
      throw new IllegalArgumentException("PCM of " + pcm.length + " bytes for a TOC of " + frames + " frames needs "
          + frames * Toc.BYTES_PER_FRAME);
    }
  }

  @Override
  public Toc toc() {
    return toc;
  }

  @Override
  public String origin() {
    return origin;
  }

  @Override
  public InputStream openPcm(int firstFrame, int frameCount) {
    Disc.checkRange(toc, firstFrame, frameCount);
    return new ByteArrayInputStream(pcm, (firstFrame - Toc.LEAD_IN_FRAMES) * Toc.BYTES_PER_FRAME,
        frameCount * Toc.BYTES_PER_FRAME);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemoryDisc d && d.origin.equals(origin) && d.toc.equals(toc);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + toc.hashCode();
  }

  @Override
  public String toString() {
    return "Disc[" + origin + ", " + toc.trackCount() + " tracks, " + toc.freedbId() + "]";
  }
}

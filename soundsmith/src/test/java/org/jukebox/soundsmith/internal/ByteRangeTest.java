package org.jukebox.soundsmith.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jukebox.soundsmith.internal.ByteRange.Kind;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static void partial(String header, long length, long first, long last) {
    assertEquals(new ByteRange(Kind.PARTIAL, first, last), ByteRange.parse(header, length), header);
  }

  private static void kind(String header, long length, Kind kind) {
    assertEquals(kind, ByteRange.parse(header, length).kind(), header);
  }

  @Test
  void singleRangesAreHonoured() {
    partial("bytes=0-0", 10, 0, 0);
    partial("bytes=2-5", 10, 2, 5);
    partial("bytes=2-", 10, 2, 9);
    partial("bytes=5-1000", 10, 5, 9);
    partial("bytes=-3", 10, 7, 9);
    partial("bytes=-30", 10, 0, 9);
    partial("BYTES=1-2", 10, 1, 2);
    partial(" bytes=1 - 2 ", 10, 1, 2);
    partial("bytes=0-99999999999999999999999", 10, 0, 9);
  }

  @Test
  void rangesBeyondTheEndAreUnsatisfiable() {
    kind("bytes=10-", 10, Kind.UNSATISFIABLE);
    kind("bytes=10-20", 10, Kind.UNSATISFIABLE);
    kind("bytes=-0", 10, Kind.UNSATISFIABLE);
    kind("bytes=0-", 0, Kind.UNSATISFIABLE);
    kind("bytes=-5", 0, Kind.UNSATISFIABLE);
    kind("bytes=99999999999999999999999-", 10, Kind.UNSATISFIABLE);
  }

  @Test
  void invalidAbsentOrMultipleRangesMeanTheWhole() {
    for (String h : new String[] {null, "", "bytes", "bytes=", "bytes=-", "bytes=5-2", "bytes=a-b", "bytes=1-2,4-5",
        "items=1-2", "bytes = 1-2", "bytes=+1-2", "bytes=1--2", "bytes=0x1-2"}) {
      kind(h, 10, Kind.FULL);
    }
  }
}

package org.jukebox.client.sync;

/**
 * What a {@link SyncedSink} has done to keep in step, for logs, GUIs and benchmarks.
 *
 * @param framesDropped single frames left out to catch up (slewing)
 * @param framesRepeated single frames played twice to wait (slewing)
 * @param framesTrimmed frames skipped after a cue to land exactly on the target
 * @param framesPadded frames of silence played after a cue to wait for the target
 * @param seeksAsked seeks the sink asked for because the error was too large to slew
 * @param lastErrorMicros the last measured error (positive: ahead of the target), or 0
 * @param aligned whether the sink is aligned to the target now
 */
public record SyncStats(long framesDropped, long framesRepeated, long framesTrimmed, long framesPadded,
    long seeksAsked, long lastErrorMicros, boolean aligned) {}

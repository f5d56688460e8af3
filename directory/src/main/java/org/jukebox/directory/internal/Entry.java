package org.jukebox.directory.internal;

import org.jukebox.security.JukeboxPrincipal;
import java.time.Duration;
import java.time.Instant;
import org.jukebox.api.Beacon;
import org.jukebox.api.LeaseId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;

/**
 * One SoundSmith as the directory holds it, as of its latest beacon. Immutable: a renewal
 * replaces the object, so that the sweeper can remove exactly the state it judged expired
 * ({@code ConcurrentHashMap.remove(key, value)} compares by identity here, on purpose).
 */
final class Entry {
  final SoundSmithInfo info;
  final SoundSmith soundSmith;
  final LeaseId lease;
  final Instant grantedAt;
  final Duration granted;
  final Instant expiresAt;
  /** Who beaconed it first; only they may renew or cancel it while the lease lives. */
  final JukeboxPrincipal owner;

  Entry(SoundSmithInfo info, SoundSmith soundSmith, LeaseId lease, Instant grantedAt, Duration granted,
      JukeboxPrincipal owner) {
    this.owner = owner;
    this.info = info;
    this.soundSmith = soundSmith;
    this.lease = lease;
    this.grantedAt = grantedAt;
    this.granted = granted;
    this.expiresAt = grantedAt.plus(granted);
  }

  SoundSmithId id() {
    return info.id();
  }

  /** Whether the lease still runs at {@code now}; it has run out from grant time + duration on. */
  boolean liveAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** The same lease, renewed from {@code now}, saying what {@code beacon} says. */
  Entry renewed(Beacon beacon, Instant now, Duration grant) {
    return new Entry(beacon.info(), beacon.soundSmith(), lease, now, grant, owner);
  }

  /**
   * Whether a listener told about {@code other} has nothing new to hear about this one: same
   * catalog version, song count, name and kind, and the same remote reference (a SoundSmith that
   * restarted under the same id has a new one, and the old one no longer answers).
   */
  boolean saysTheSameAs(SoundSmithInfo otherInfo, SoundSmith otherSoundSmith) {
    // Stub equality is decided locally by RMI (it compares object ids), no remote call.
    return info.equals(otherInfo) && soundSmith.equals(otherSoundSmith);
  }

  SoundSmithEntry toSoundSmithEntry(Instant now) {
    Duration remaining = Duration.between(now, expiresAt);
    return new SoundSmithEntry(info, soundSmith, remaining.isNegative() ? Duration.ZERO : remaining);
  }
}

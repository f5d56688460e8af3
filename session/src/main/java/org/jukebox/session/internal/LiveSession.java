package org.jukebox.session.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.InvalidSessionRequestException;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.SessionCharter;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionJoin;
import org.jukebox.api.SessionListener;
import org.jukebox.api.SessionOptions;
import org.jukebox.api.SessionSnapshot;
import org.jukebox.api.SessionSong;
import org.jukebox.api.SessionStatus;
import org.jukebox.api.SessionUpdate;
import org.jukebox.api.SessionUpdate.Kind;
import org.jukebox.api.Song;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.api.UnknownSessionException;

/**
 * One session's state and members. Every change happens under this object's lock: it is checked,
 * applied, committed to the store, numbered and queued to every member's {@link Delivery} (which
 * never blocks), in that order, so the store, the sequence and every listener's queue agree.
 *
 * <p>Thread-safe.
 */
public final class LiveSession {
  private static final System.Logger LOG = System.getLogger(LiveSession.class.getName());

  /** One listener: its membership lease and its delivery. */
  final class Member {
    final String user;
    final LeaseId lease;
    volatile Instant expiresAt;
    final Delivery delivery;

    Member(String user, SessionListener listener, LeaseId lease, Instant expiresAt) {
      this.user = user;
      this.lease = lease;
      this.expiresAt = expiresAt;
      this.delivery = new Delivery(charter.id(), listener, env.deliveryExecutor(), env.queueCapacity(),
          reason -> drop(this, reason));
    }
  }

  private final SessionEnv env;
  private SessionCharter charter;
  private SessionOptions options;
  private final List<SessionSong> playlist;
  private int current;
  private boolean playing;
  private long positionMicros;
  private long stampMicros;
  private long sequence;
  private long nextEntry;
  private final TreeMap<String, Member> members = new TreeMap<>();
  private Set<String> online = Set.of();
  private final TreeSet<String> potential = new TreeSet<>();
  private final TreeSet<String> votes = new TreeSet<>();
  private boolean ended;

  private LiveSession(SessionEnv env, SessionStore.Saved s) {
    this.env = env;
    this.charter = s.charter();
    this.options = s.options();
    this.playlist = new ArrayList<>(s.playlist());
    this.current = s.current();
    this.playing = s.playing();
    this.positionMicros = s.positionMicros();
    this.stampMicros = s.stampMicros();
    this.sequence = s.sequence();
    this.nextEntry = s.nextEntry();
  }

  /**
   * How far a restored session's sequence jumps past the stored one: updates that are not stored
   * (joins, leaves, presence) still took numbers, and numbers must never repeat.
   */
  static final long RESTART_SEQUENCE_GAP = 1L << 24;

  /** A new, empty session, saved at once. */
  static LiveSession create(SessionEnv env, SessionCharter charter) {
    LiveSession s = new LiveSession(env, new SessionStore.Saved(charter, SessionOptions.DEFAULT, List.of(), 0, false,
        0, env.nowMicros(), 0, 1));
    synchronized (s) {
      s.save(null, 0);
    }
    return s;
  }

  /** A session as the store held it, with nobody listening yet. */
  static LiveSession restore(SessionEnv env, SessionStore.Saved saved) {
    LiveSession s = new LiveSession(env, saved);
    synchronized (s) {
      s.sequence += RESTART_SEQUENCE_GAP;
      s.save(null, 0);
    }
    return s;
  }

  public synchronized SessionId id() {
    return charter.id();
  }

  public synchronized String host() {
    return charter.host();
  }

  synchronized boolean isEnded() {
    return ended;
  }

  // --- membership -------------------------------------------------------------------------------

  synchronized SessionJoin join(String user, SessionListener listener, LeaseId lease, Duration grant)
      throws AccessDeniedException, UnknownSessionException {
    checkOpen();
    if (!mayJoin(user)) {
      throw new AccessDeniedException(user + " may not join the session of " + charter.host()
          + ": not on the host's list");
    }
    Member old = members.remove(user);
    if (old != null) {
      old.delivery.stop();
    }
    Member m = new Member(user, listener, lease, env.now().plus(grant));
    members.put(user, m);
    if (old == null) {
      emit(Kind.LISTENER_JOINED, null, -1, user, null, m);
      if (user.equals(charter.host())) {
        emit(Kind.HOST_BACK, null, -1, null, null, m);
      }
      updatePotential(m);
      env.statusChanged(this);
    }
    LOG.log(Level.DEBUG, () -> user + " joined session " + charter.id());
    return new SessionJoin(snapshot(), new Lease(lease, grant));
  }

  synchronized Lease renew(String user, LeaseId lease, Duration grant) throws UnknownLeaseException {
    Member m = members.get(user);
    Instant now = env.now();
    if (m == null || !m.lease.equals(lease) || !now.isBefore(m.expiresAt)) {
      throw new UnknownLeaseException(lease, "no live membership " + lease + " of " + user + " in session "
          + charter.id() + " (it ran out or was dropped: join again)");
    }
    m.expiresAt = now.plus(grant);
    return new Lease(lease, grant);
  }

  synchronized void leave(String user) {
    Member m = members.get(user);
    if (m != null) {
      drop(m, "left");
    }
  }

  /** Removes a member (if it is still the one listed for its user) and tells the others. */
  synchronized void drop(Member m, String why) {
    if (members.get(m.user) != m) {
      return;
    }
    members.remove(m.user);
    m.delivery.stop();
    LOG.log(Level.INFO, () -> "session " + charter.id() + ": " + m.user + " " + (why.equals("left") ? "left" : "dropped: " + why));
    if (ended) {
      return;
    }
    votes.remove(m.user);
    emit(Kind.LISTENER_LEFT, null, -1, m.user, null, null);
    if (m.user.equals(charter.host())) {
      emit(Kind.HOST_GONE, null, -1, null, null, null);
    }
    updatePotential(null);
    env.statusChanged(this);
  }

  /** Drops members whose lease ran out by now; returns how many. */
  synchronized int sweep(Instant now) {
    int n = 0;
    for (Member m : List.copyOf(members.values())) {
      if (!now.isBefore(m.expiresAt)) {
        drop(m, "its lease ran out");
        n++;
      }
    }
    return n;
  }

  /** Drops members whose callback has run longer than {@code timeoutNanos}; returns how many. */
  synchronized int cutStalled(long nowNanos, long timeoutNanos) {
    int n = 0;
    for (Member m : List.copyOf(members.values())) {
      if (m.delivery.busyNanos(nowNanos) > timeoutNanos) {
        drop(m, "its callback did not return within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
        n++;
      }
    }
    return n;
  }

  // --- controls ---------------------------------------------------------------------------------

  synchronized SessionSong add(String user, Song song) throws AccessDeniedException, UnknownSessionException {
    checkOpen();
    requireAdder(user);
    return append(user, song, false);
  }

  /** Appends an uploaded song whose audio {@code place} moves into the blob store first. */
  synchronized SessionSong addUploaded(String user, java.util.function.LongFunction<Song> songFor,
      BlobPlacer place) throws AccessDeniedException, UnknownSessionException, java.io.IOException {
    checkOpen();
    requireAdder(user);
    long entry = nextEntry;
    Song song = songFor.apply(entry);
    place.place(entry);
    return append(user, song, true);
  }

  /** Moves an upload's audio to where the entry's audio lives. */
  @FunctionalInterface
  interface BlobPlacer {
    void place(long entry) throws java.io.IOException;
  }

  private SessionSong append(String user, Song song, boolean uploaded) {
    boolean hadNone = current == playlist.size();
    SessionSong e = new SessionSong(nextEntry++, song, user, uploaded);
    playlist.add(e);
    emitChange(Kind.SONG_ADDED, e, playlist.size() - 1, e, 0);
    if (hadNone) {
      env.statusChanged(this);
    }
    return e;
  }

  synchronized void remove(String user, long entry)
      throws AccessDeniedException, UnknownSessionException, InvalidSessionRequestException {
    checkOpen();
    requireHost(user, "remove songs");
    int index = indexOf(entry);
    if (index < 0) {
      throw new InvalidSessionRequestException("no entry " + entry + " in the playlist of session " + charter.id());
    }
    SessionSong e = playlist.remove(index);
    boolean wasCurrent = index == current;
    if (index < current) {
      current--;
    } else if (wasCurrent) {
      positionMicros = 0;
      stampMicros = env.nowMicros();
      votes.clear();
      if (current == playlist.size()) {
        playing = false;
      }
    }
    emitChange(Kind.SONG_REMOVED, e, index, null, entry);
    if (e.uploaded()) {
      env.blobRemoved(this, entry);
    }
    if (wasCurrent) {
      env.statusChanged(this);
    }
  }

  synchronized void play(String user)
      throws AccessDeniedException, UnknownSessionException, InvalidSessionRequestException {
    checkOpen();
    requireHost(user, "play");
    if (current == playlist.size()) {
      throw new InvalidSessionRequestException("nothing to play: the playlist of session " + charter.id()
          + " has no song left");
    }
    if (playing) {
      return;
    }
    stampMicros = env.nowMicros();
    playing = true;
    emit(Kind.PLAY, currentSong(), -1, null, null, null);
    env.statusChanged(this);
  }

  synchronized void pause(String user) throws AccessDeniedException, UnknownSessionException {
    checkOpen();
    requireHost(user, "pause");
    if (!playing) {
      return;
    }
    long now = env.nowMicros();
    positionMicros = positionAt(now);
    stampMicros = now;
    playing = false;
    emit(Kind.PAUSE, currentSong(), -1, null, null, null);
    env.statusChanged(this);
  }

  synchronized void next(String user, long fromEntry) throws AccessDeniedException, UnknownSessionException {
    checkOpen();
    requireHost(user, "skip to the next song");
    advance(fromEntry);
  }

  private void advance(long fromEntry) {
    if (current == playlist.size() || playlist.get(current).entry() != fromEntry) {
      return; // someone moved on already: never skip twice
    }
    current++;
    positionMicros = 0;
    stampMicros = env.nowMicros();
    votes.clear();
    if (current == playlist.size()) {
      playing = false;
    }
    emit(Kind.NEXT, currentSong(), -1, null, null, null);
    env.statusChanged(this);
  }

  synchronized void seek(String user, Duration position)
      throws AccessDeniedException, UnknownSessionException, InvalidSessionRequestException {
    checkOpen();
    requireHost(user, "seek");
    SessionSong song = currentSong();
    if (song == null) {
      throw new InvalidSessionRequestException("nothing to seek in: session " + charter.id() + " has no current song");
    }
    if (position.isNegative()) {
      throw new InvalidSessionRequestException("seek to a negative position: " + position);
    }
    Duration length = song.song().duration();
    if (!length.isZero() && position.compareTo(length) > 0) {
      throw new InvalidSessionRequestException("seek to " + clock(position) + " is past the end of '"
          + song.song().title() + "' (" + clock(length) + ")");
    }
    positionMicros = Micros.of(position);
    stampMicros = env.nowMicros();
    emit(Kind.SEEK, song, -1, null, null, null);
  }

  synchronized void options(String user, SessionOptions o) throws AccessDeniedException, UnknownSessionException {
    checkOpen();
    requireHost(user, "change what listeners may do");
    if (o.equals(options)) {
      return;
    }
    options = o;
    if (!o.voteSkip()) {
      votes.clear();
    }
    emit(Kind.OPTIONS, null, -1, null, o, null);
  }

  synchronized void voteSkip(String user, long entry) throws AccessDeniedException, UnknownSessionException {
    checkOpen();
    if (!options.voteSkip()) {
      throw new AccessDeniedException(user + " may not vote to skip in the session of " + charter.host()
          + ": the host does not allow votes");
    }
    if (!members.containsKey(user)) {
      throw new AccessDeniedException(user + " may not vote to skip in the session of " + charter.host()
          + ": not listening");
    }
    SessionSong song = currentSong();
    if (song == null || song.entry() != entry) {
      return; // a vote for a song that is over
    }
    if (user.equals(charter.host())) {
      advance(entry);
      return;
    }
    if (votes.add(user)) {
      emit(Kind.SKIP_VOTE, song, -1, user, null, null);
    }
    votes.retainAll(members.keySet());
    long present = members.keySet().stream().filter(u -> !u.equals(charter.host())).count();
    if (votes.size() * 2L > present) {
      advance(entry);
    }
  }

  synchronized void end(String user) throws AccessDeniedException, UnknownSessionException {
    checkOpen();
    requireHost(user, "end the session");
    endNow();
  }

  private void endNow() {
    ended = true;
    sequence++;
    SessionUpdate u = update(Kind.ENDED, null, -1, null, null);
    for (Member m : members.values()) {
      m.delivery.offer(u); // the last thing each hears; their queues drain on their own
    }
    members.clear();
    LOG.log(Level.INFO, () -> "session " + charter.id() + " of " + charter.host() + " ended");
    env.ended(this);
  }

  /** Checks that {@code user} may add songs now. */
  synchronized void checkMayAdd(String user) throws AccessDeniedException, UnknownSessionException {
    checkOpen();
    requireAdder(user);
  }

  // --- from the directory -----------------------------------------------------------------------

  synchronized void updateCharter(SessionCharter c) {
    if (ended) {
      return;
    }
    charter = c;
    save(null, 0);
    updatePotential(null);
  }

  synchronized void presence(Set<String> users) {
    if (ended) {
      return;
    }
    online = Set.copyOf(users);
    updatePotential(null);
  }

  // --- reads ------------------------------------------------------------------------------------

  synchronized SessionSnapshot snapshot() {
    return new SessionSnapshot(charter.id(), charter.host(), members.containsKey(charter.host()), playlist, current,
        playing, positionMicros, stampMicros, sequence, List.copyOf(members.keySet()), List.copyOf(potential), options);
  }

  synchronized SessionStatus status() {
    return new SessionStatus(charter, env.serverId(), currentSong(), playing, members.size(),
        members.containsKey(charter.host()));
  }

  synchronized SessionSong entry(long entry) {
    int i = indexOf(entry);
    return i < 0 ? null : playlist.get(i);
  }

  /** Whether {@code user} may join now. Test seam. */
  public boolean mayJoinForTest(String user) {
    return mayJoin(user);
  }

  synchronized boolean mayJoin(String user) {
    return user.equals(charter.host()) || charter.acl().contains(user);
  }

  public synchronized boolean isMember(String user) {
    return members.containsKey(user);
  }

  synchronized int memberCount() {
    return members.size();
  }

  synchronized int queued(String user) {
    Member m = members.get(user);
    return m == null ? 0 : m.delivery.queued();
  }

  // --- helpers ----------------------------------------------------------------------------------

  private void checkOpen() throws UnknownSessionException {
    if (ended) {
      throw new UnknownSessionException(charter.id(), "session " + charter.id() + " has ended");
    }
  }

  private void requireHost(String user, String action) throws AccessDeniedException {
    if (!user.equals(charter.host())) {
      throw new AccessDeniedException(user + " may not " + action + " in the session of " + charter.host()
          + ": only the host may");
    }
  }

  private void requireAdder(String user) throws AccessDeniedException {
    if (user.equals(charter.host())) {
      return;
    }
    if (!options.guestsMayAdd()) {
      throw new AccessDeniedException(user + " may not add songs to the session of " + charter.host()
          + ": the host does not let listeners add songs");
    }
    if (!members.containsKey(user)) {
      throw new AccessDeniedException(user + " may not add songs to the session of " + charter.host()
          + ": not listening");
    }
  }

  private SessionSong currentSong() {
    return current < playlist.size() ? playlist.get(current) : null;
  }

  private int indexOf(long entry) {
    for (int i = 0; i < playlist.size(); i++) {
      if (playlist.get(i).entry() == entry) {
        return i;
      }
    }
    return -1;
  }

  private long positionAt(long nowMicros) {
    long p = playing ? positionMicros + Math.max(0, nowMicros - stampMicros) : positionMicros;
    SessionSong s = currentSong();
    if (s != null && !s.song().duration().isZero()) {
      p = Math.min(p, Micros.of(s.song().duration()));
    }
    return p;
  }

  private void updatePotential(Member exclude) {
    TreeSet<String> now = new TreeSet<>();
    for (String u : online) {
      if (charter.acl().contains(u) && !members.containsKey(u) && !u.equals(charter.host())) {
        now.add(u);
      }
    }
    for (String u : now) {
      if (!potential.contains(u)) {
        emit(Kind.POTENTIAL_JOINED, null, -1, u, null, exclude);
      }
    }
    for (String u : List.copyOf(potential)) {
      if (!now.contains(u)) {
        emit(Kind.POTENTIAL_LEFT, null, -1, u, null, exclude);
      }
    }
    potential.clear();
    potential.addAll(now);
  }

  private void emitChange(Kind kind, SessionSong song, int index, SessionSong added, long removedEntry) {
    sequence++;
    save(added, removedEntry);
    fanOut(update(kind, song, index, null, null), null);
  }

  private void emit(Kind kind, SessionSong song, int index, String user, SessionOptions o, Member exclude) {
    sequence++;
    if (persistent(kind)) {
      save(null, 0);
    }
    fanOut(update(kind, song, index, user, o), exclude);
  }

  /**
   * Whether an update changes what the store keeps. Who listens, who is online, who voted and
   * whether the host is here are not kept (nobody listens after a restart until they rejoin), so
   * joins and leaves never wait for the disk; the sequence numbers they use are covered by
   * {@link #RESTART_SEQUENCE_GAP}.
   */
  private static boolean persistent(Kind kind) {
    return switch (kind) {
      case LISTENER_JOINED, LISTENER_LEFT, POTENTIAL_JOINED, POTENTIAL_LEFT, HOST_GONE, HOST_BACK, SKIP_VOTE -> false;
      default -> true;
    };
  }

  private SessionUpdate update(Kind kind, SessionSong song, int index, String user, SessionOptions o) {
    return new SessionUpdate(sequence, kind, current, playing, positionMicros, stampMicros, song, index, user, o);
  }

  private void fanOut(SessionUpdate u, Member exclude) {
    List<Member> behind = null;
    for (Member m : members.values()) {
      if (m != exclude && !m.delivery.offer(u)) {
        if (behind == null) {
          behind = new ArrayList<>();
        }
        behind.add(m);
      }
    }
    if (behind != null) {
      for (Member m : behind) {
        drop(m, "it fell " + env.queueCapacity() + " updates behind");
      }
    }
  }

  private void save(SessionSong added, long removedEntry) {
    env.store().save(new SessionStore.State(charter, options, current, playing, positionMicros, stampMicros, sequence,
        nextEntry), added, removedEntry);
  }

  private static String clock(Duration d) {
    long ms = d.toMillis();
    return String.format(java.util.Locale.ROOT, "%d:%02d.%03d", ms / 60_000, (ms / 1000) % 60, ms % 1000);
  }
}

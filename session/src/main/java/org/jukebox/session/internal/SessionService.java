package org.jukebox.session.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.ClockReading;
import org.jukebox.api.InvalidSessionRequestException;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.ServiceId;
import org.jukebox.api.SessionCharter;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionJoin;
import org.jukebox.api.SessionListener;
import org.jukebox.api.SessionOptions;
import org.jukebox.api.SessionServer;
import org.jukebox.api.SessionSnapshot;
import org.jukebox.api.SessionSong;
import org.jukebox.api.SessionStatus;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownSessionException;
import org.jukebox.api.UploadRequest;
import org.jukebox.api.UploadTicket;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;

/**
 * The session server itself, without its RMI and HTTP plumbing: the sessions it runs, each a
 * {@link LiveSession}, judged by an injected clock.
 *
 * <p>Callers are named by {@link Caller#current()}. Everything that changes a session costs the
 * caller a token of the {@link RateLimiter}; {@link #time()} and lease renewals do not.
 * Callbacks go out on a pool of daemon threads, one task per listener at a time
 * ({@link Delivery}); {@link #cutStalled} drops a listener whose callback has not returned within
 * the callback timeout, so a stuck listener costs one abandoned thread and delays nobody.
 *
 * <p>Thread-safe.
 */
public final class SessionService implements SessionServer, SessionEnv, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SessionService.class.getName());

  private final ServiceId id;
  private final Clock clock;
  private final SessionStore store;
  private final BlobServer blobs;
  private final RateLimiter limiter;
  private final Duration maxLease;
  private final int queueCapacity;
  /** Who may call {@link #open} and {@link #presence}; null: anyone (plain RMI proves nobody). */
  private final String directoryPrincipal;
  private final ConcurrentHashMap<SessionId, LiveSession> sessions = new ConcurrentHashMap<>();
  private final ExecutorService delivery;
  private final SecureRandom random = newRandom();
  private volatile DirectoryLink link;
  private volatile boolean closed;

  public SessionService(ServiceId id, Clock clock, SessionStore store, BlobServer blobs, RateLimiter limiter,
      Duration maxLease, int queueCapacity, String directoryPrincipal) {
    this.id = Objects.requireNonNull(id, "id");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = Objects.requireNonNull(store, "store");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.maxLease = Objects.requireNonNull(maxLease, "maxLease");
    this.queueCapacity = queueCapacity;
    this.directoryPrincipal = directoryPrincipal;
    AtomicInteger n = new AtomicInteger();
    this.delivery = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "jukebox-session-callback-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    blobs.sink(this::acceptUpload);
  }

  /** Takes on every session in the store, with nobody listening; returns how many. */
  public int load() throws SQLException {
    int n = 0;
    for (SessionStore.Saved s : store.loadAll()) {
      sessions.put(s.charter().id(), LiveSession.restore(this, s));
      n++;
    }
    return n;
  }

  /** Where status reports go (the directory); null for nowhere. */
  public void link(DirectoryLink link) {
    this.link = link;
  }

  /** The statuses of every session, for re-registering them with a directory that came back. */
  public List<SessionStatus> statuses() {
    List<SessionStatus> all = new ArrayList<>();
    for (LiveSession s : sessions.values()) {
      all.add(s.status());
    }
    return all;
  }

  // --- SessionServer ----------------------------------------------------------------------------

  @Override
  public ClockReading time() {
    long received = nowMicros();
    long sent = nowMicros();
    return new ClockReading(received, Math.max(received, sent));
  }

  @Override
  public SessionJoin join(SessionId session, SessionListener listener, Duration lease) throws JukeboxException {
    Objects.requireNonNull(listener, "listener");
    String user = caller();
    limiter.acquire(user);
    return live(session).join(user, listener, newLeaseId(), grant(lease));
  }

  @Override
  public Lease renew(SessionId session, LeaseId lease, Duration requested) throws JukeboxException {
    Objects.requireNonNull(lease, "lease");
    return live(session).renew(caller(), lease, grant(requested));
  }

  @Override
  public void leave(SessionId session) throws JukeboxException {
    String user = caller();
    LiveSession s = sessions.get(Objects.requireNonNull(session, "session"));
    if (s != null) {
      s.leave(user);
    }
  }

  @Override
  public SessionSnapshot snapshot(SessionId session) throws JukeboxException {
    String user = caller();
    limiter.acquire(user);
    LiveSession s = live(session);
    requireMayJoin(s, user, "see");
    return s.snapshot();
  }

  @Override
  public SessionSong add(SessionId session, Song song) throws JukeboxException {
    Objects.requireNonNull(song, "song");
    String user = caller();
    limiter.acquire(user);
    return live(session).add(user, song);
  }

  @Override
  public void remove(SessionId session, long entry) throws JukeboxException {
    String user = caller();
    limiter.acquire(user);
    live(session).remove(user, entry);
  }

  @Override
  public void play(SessionId session) throws JukeboxException {
    String user = caller();
    limiter.acquire(user);
    live(session).play(user);
  }

  @Override
  public void pause(SessionId session) throws JukeboxException {
    String user = caller();
    limiter.acquire(user);
    live(session).pause(user);
  }

  @Override
  public void next(SessionId session, long fromEntry) throws JukeboxException {
    String user = caller();
    limiter.acquire(user);
    live(session).next(user, fromEntry);
  }

  @Override
  public void seek(SessionId session, Duration position) throws JukeboxException {
    Objects.requireNonNull(position, "position");
    String user = caller();
    limiter.acquire(user);
    live(session).seek(user, position);
  }

  @Override
  public void options(SessionId session, SessionOptions options) throws JukeboxException {
    Objects.requireNonNull(options, "options");
    String user = caller();
    limiter.acquire(user);
    live(session).options(user, options);
  }

  @Override
  public void voteSkip(SessionId session, long entry) throws JukeboxException {
    String user = caller();
    limiter.acquire(user);
    live(session).voteSkip(user, entry);
  }

  @Override
  public void end(SessionId session) throws JukeboxException {
    String user = caller();
    limiter.acquire(user);
    live(session).end(user);
  }

  @Override
  public UploadTicket upload(SessionId session, UploadRequest request) throws JukeboxException {
    Objects.requireNonNull(request, "request");
    String user = caller();
    limiter.acquire(user);
    LiveSession s = live(session);
    s.checkMayAdd(user);
    if (request.sizeBytes() > blobs.maxUploadBytes()) {
      throw new InvalidSessionRequestException("upload of " + request.sizeBytes() + " bytes is larger than the cap of "
          + blobs.maxUploadBytes() + " bytes; nothing stored");
    }
    if (AudioCheck.formatOf(request.contentType()) == null) {
      throw new InvalidSessionRequestException("uploads of " + request.contentType()
          + " are not taken: audio/mpeg, audio/wav or audio/basic only");
    }
    return blobs.issueUpload(session, user, request);
  }

  @Override
  public StreamTicket openStream(SessionId session, long entry) throws JukeboxException {
    String user = caller();
    limiter.acquire(user);
    LiveSession s = live(session);
    requireMayJoin(s, user, "play songs of");
    SessionSong e = s.entry(entry);
    if (e == null) {
      throw new InvalidSessionRequestException("no entry " + entry + " in the playlist of session " + session);
    }
    if (!e.uploaded()) {
      throw new InvalidSessionRequestException("entry " + entry + " was not uploaded: play " + e.song().id()
          + " through its SoundSmith");
    }
    try {
      return blobs.issueStream(session, entry, e.song().id(), e.song().contentType());
    } catch (IOException ex) {
      throw new InvalidSessionRequestException(ex.getMessage());
    }
  }

  @Override
  public void open(SessionCharter charter) throws JukeboxException {
    Objects.requireNonNull(charter, "charter");
    requireDirectory("open sessions");
    checkOpen();
    SessionStore.Saved saved = null;
    if (!sessions.containsKey(charter.id())) {
      // Taking over a session another server ran from a shared store: continue from its saved
      // state (the next save marks it as this server's).
      try {
        saved = store.load(charter.id());
      } catch (SQLException e) {
        throw new JukeboxException("cannot read session " + charter.id() + " from the store: " + e.getMessage(), e);
      }
    }
    SessionStore.Saved found = saved;
    LiveSession[] created = new LiveSession[1];
    LiveSession s = sessions.computeIfAbsent(charter.id(), k -> created[0] = found != null
        ? LiveSession.restore(this, found) : LiveSession.create(this, charter));
    s.updateCharter(charter);
    if (created[0] != null) {
      LOG.log(Level.INFO, () -> "session " + charter.id() + " of " + charter.host()
          + (found != null ? " taken over from the store" : " opened"));
    }
    statusChanged(s);
  }

  @Override
  public void presence(SessionId session, Set<String> online) throws JukeboxException {
    Objects.requireNonNull(online, "online");
    requireDirectory("tell who is online");
    live(session).presence(online);
  }

  // --- SessionEnv -------------------------------------------------------------------------------

  @Override
  public long nowMicros() {
    return Micros.of(clock.instant());
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public SessionStore store() {
    return store;
  }

  @Override
  public Executor deliveryExecutor() {
    return delivery;
  }

  @Override
  public int queueCapacity() {
    return queueCapacity;
  }

  @Override
  public ServiceId serverId() {
    return id;
  }

  @Override
  public void statusChanged(LiveSession session) {
    DirectoryLink l = link;
    if (l != null && !session.isEnded()) {
      l.report(session.status());
    }
  }

  @Override
  public void ended(LiveSession session) {
    SessionId sid = session.id();
    sessions.remove(sid, session);
    store.delete(sid);
    blobs.deleteAll(sid);
    DirectoryLink l = link;
    if (l != null) {
      l.ended(sid);
    }
  }

  @Override
  public void blobRemoved(LiveSession session, long entry) {
    blobs.delete(session.id(), entry);
  }

  // --- housekeeping -----------------------------------------------------------------------------

  /** Drops every member whose lease ran out by the clock's now; returns how many. */
  public int sweep() {
    Instant now = clock.instant();
    int n = 0;
    for (LiveSession s : sessions.values()) {
      n += s.sweep(now);
    }
    return n;
  }

  /** Drops every member whose callback has run longer than {@code timeout}; returns how many. */
  public int cutStalled(Duration timeout) {
    long now = System.nanoTime();
    int n = 0;
    for (LiveSession s : sessions.values()) {
      n += s.cutStalled(now, timeout.toNanos());
    }
    return n;
  }

  /** The session of that id, if this server runs it. */
  public LiveSession session(SessionId session) {
    return sessions.get(session);
  }

  public int sessionCount() {
    return sessions.size();
  }

  /** Stops delivering; waits at most {@code bound} for callbacks in progress. */
  public boolean close(Duration bound) {
    closed = true;
    delivery.shutdownNow();
    try {
      return delivery.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  // --- helpers ----------------------------------------------------------------------------------

  private long acceptUpload(BlobServer.UploadSlot slot, AudioCheck.Result audio, Path part) throws Exception {
    LiveSession s = live(slot.session());
    UploadRequest r = slot.request();
    Duration duration = r.duration().isZero() ? audio.duration() : r.duration();
    SessionSong e = s.addUploaded(slot.user(), entry -> new Song(new SongId("session:" + slot.session().value() + ":" + entry),
        r.title(), r.artist(), r.album(), 0, 0, 0, "", duration, 0, 0, false, r.sizeBytes(), r.contentType()),
        entry -> blobs.place(part, slot.session(), entry));
    return e.entry();
  }

  private LiveSession live(SessionId session) throws UnknownSessionException {
    Objects.requireNonNull(session, "session");
    checkOpen();
    LiveSession s = sessions.get(session);
    if (s == null) {
      throw new UnknownSessionException(session, "no session " + session + " runs on session server " + id);
    }
    return s;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session server " + id + " is closed");
    }
  }

  private static void requireMayJoin(LiveSession s, String user, String action) throws AccessDeniedException {
    if (!s.mayJoin(user)) {
      throw new AccessDeniedException(user + " may not " + action + " the session of " + s.host()
          + ": not on the host's list");
    }
  }

  private void requireDirectory(String action) throws AccessDeniedException {
    if (directoryPrincipal == null) {
      return;
    }
    JukeboxPrincipal p = Caller.current();
    if (p.kind() != JukeboxPrincipal.Kind.SERVICE || !p.name().equals(directoryPrincipal)) {
      throw new AccessDeniedException(p.name() + " may not " + action + ": only the directory ("
          + directoryPrincipal + ") may");
    }
  }

  private static String caller() {
    return Caller.current().name();
  }

  private Duration grant(Duration requested) {
    Objects.requireNonNull(requested, "lease");
    if (requested.isNegative() || requested.isZero()) {
      throw new IllegalArgumentException("requested lease <= 0: " + requested);
    }
    return requested.compareTo(maxLease) <= 0 ? requested : maxLease;
  }

  private LeaseId newLeaseId() {
    byte[] bits = new byte[18];
    random.nextBytes(bits);
    return new LeaseId(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}

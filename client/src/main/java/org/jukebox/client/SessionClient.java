package org.jukebox.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jukebox.api.InvalidSessionRequestException;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionDirectoryListener;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionJoin;
import org.jukebox.api.SessionListener;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionOptions;
import org.jukebox.api.SessionServer;
import org.jukebox.api.SessionSnapshot;
import org.jukebox.api.SessionSong;
import org.jukebox.api.SessionUpdate;
import org.jukebox.api.Song;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.api.UploadRequest;
import org.jukebox.api.UploadTicket;
import org.jukebox.client.session.ClockSource;
import org.jukebox.client.session.SessionAudio;
import org.jukebox.client.session.SessionTimeline;
import org.jukebox.client.session.TimelineState;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.SecurityConfig;

/**
 * The client core of shared listening: goes online with the directory's
 * {@link SessionDirectory}, lists the sessions the user may join, hosts one or joins one, sends
 * the host's controls, and keeps a local copy of the session up to date from the server's
 * sequence-numbered updates (asking for a snapshot when it sees a gap). It is the
 * {@link SessionTimeline} the sync engine follows, its {@link ClockSource} and its
 * {@link SessionAudio}.
 *
 * <p>Leases are renewed at half their length. When the session server stops answering the
 * client keeps the last timeline (so the song plays out) and retries; when a renewal is refused
 * (the server restarted, or dropped this client) it joins again, through the directory's listing
 * if the server's reference changed.
 *
 * <p>Thread-safe. Updates are applied and listeners called on one thread of the client's, in order.
 */
public final class SessionClient implements SessionTimeline, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SessionClient.class.getName());

  private final SessionDirectory directory;
  private final RemoteExporter exporter;
  private final boolean ownsExporter;
  private final SecurityConfig security;
  private final HttpClient http;
  private final SongLocator locator;
  private final String self;
  private final Duration presenceLease;
  private final Duration memberLease;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService events;
  private final List<Consumer<TimelineState>> timelineListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<SessionUpdate>> updateListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<SessionListing>>> listingListeners = new CopyOnWriteArrayList<>();
  private final Map<SessionId, SessionListing> listings = new ConcurrentHashMap<>();
  private final DirectoryCallback directoryCallback = new DirectoryCallback();
  private final UpdateCallback updateCallback = new UpdateCallback();

  private SessionDirectoryListener directoryStub;
  private SessionListener updateStub;
  private LeaseId presence;
  private Set<String> acl;
  private ScheduledFuture<?> presenceRenewal;

  // The session joined, guarded by this.
  private SessionServer server;
  private SessionId sessionId;
  private LeaseId membership;
  private ScheduledFuture<?> membershipRenewal;
  private Model model;
  private volatile TimelineState timeline;
  private boolean started;
  private boolean closed;

  private SessionClient(Builder b) {
    this.directory = b.security == null ? b.directory : ClientSecurity.as(b.security, b.directory);
    this.ownsExporter = b.exporter == null;
    this.exporter = ownsExporter ? RemoteExporter.anyPort() : b.exporter;
    this.security = b.security;
    this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.locator = b.locator;
    this.self = b.user != null ? b.user
        : (b.security != null ? b.security : ClientSecurity.installed().orElse(null)) == null ? "anonymous"
        : (b.security != null ? b.security : ClientSecurity.installed().get()).identity()
            .map(org.jukebox.security.JukeboxPrincipal::name).orElse("anonymous");
    this.presenceLease = b.presenceLease;
    this.memberLease = b.memberLease;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("jukebox-session-client-leases"));
    this.events = Executors.newSingleThreadExecutor(daemon("jukebox-session-client-events"));
  }

  /** A builder for a client of the sessions of this directory. */
  public static Builder builder(SessionDirectory directory) {
    return new Builder(directory);
  }

  /**
   * Goes online: exports the callbacks and registers presence with the directory.
   *
   * @throws RemoteException if the directory cannot be reached
   * @throws JukeboxException if the directory refuses
   * @throws IllegalStateException if started already or closed
   */
  public synchronized SessionClient start() throws RemoteException, JukeboxException {
    if (started || closed) {
      throw new IllegalStateException(closed ? "closed" : "already started");
    }
    started = true;
    directoryStub = exporter.export(directoryCallback);
    updateStub = exporter.export(updateCallback);
    goOnline();
    return this;
  }

  private void goOnline() throws RemoteException, JukeboxException {
    Lease l = directory.goOnline(directoryStub, presenceLease);
    presence = l.id();
    if (acl != null) {
      directory.setAcl(acl);
    }
    schedulePresenceRenewal(l.duration().dividedBy(2));
  }

  private synchronized void schedulePresenceRenewal(Duration after) {
    if (closed) {
      return;
    }
    presenceRenewal = scheduler.schedule(this::renewPresence, after.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void renewPresence() {
    Duration next;
    try {
      LeaseId l;
      synchronized (this) {
        l = presence;
      }
      try {
        next = directory.renew(l, presenceLease).duration().dividedBy(2);
      } catch (UnknownLeaseException e) {
        synchronized (this) {
          goOnline();
        }
        return;
      }
    } catch (Exception e) {
      LOG.log(Level.DEBUG, () -> "cannot renew presence: " + e);
      next = retryDelay(presenceLease);
    }
    schedulePresenceRenewal(next);
  }

  // --- the directory ----------------------------------------------------------------------------

  /** Sessions the user may join, as the directory lists them now (the user's own included). */
  public List<SessionListing> sessions() throws RemoteException, JukeboxException {
    List<SessionListing> now = directory.joinableSessions();
    for (SessionListing l : now) {
      listings.put(l.id(), l);
    }
    return now;
  }

  /** The latest listings the directory pushed, in host order. */
  public List<SessionListing> knownSessions() {
    List<SessionListing> all = new ArrayList<>(listings.values());
    all.sort(java.util.Comparator.comparing(SessionListing::host));
    return all;
  }

  /** Replaces the user's list of who may see and join the sessions they host (and re-sends it after a directory restart). */
  public void setAcl(Set<String> users) throws RemoteException, JukeboxException {
    Set<String> copy = Set.copyOf(new TreeSet<>(users));
    directory.setAcl(copy);
    synchronized (this) {
      acl = copy;
    }
  }

  public List<String> acl() throws RemoteException, JukeboxException {
    return directory.acl();
  }

  public List<String> onlineFriends() throws RemoteException, JukeboxException {
    return directory.onlineFriends();
  }

  // --- joining ----------------------------------------------------------------------------------

  /** Creates the user's session (or finds it) and joins it as host. */
  public SessionSnapshot host() throws RemoteException, JukeboxException {
    SessionListing l = directory.createSession();
    listings.put(l.id(), l);
    return join(l);
  }

  /** Joins a session (leaving the one joined before, if another). */
  public SessionSnapshot join(SessionListing listing) throws RemoteException, JukeboxException {
    Objects.requireNonNull(listing, "listing");
    synchronized (this) {
      requireStarted();
      if (sessionId != null && !sessionId.equals(listing.id())) {
        leave();
      }
      SessionServer s = wrap(listing.session());
      SessionJoin j = s.join(listing.id(), updateStub, memberLease);
      server = s;
      sessionId = listing.id();
      membership = j.lease().id();
      model = new Model(j.snapshot(), self);
      scheduleMembershipRenewal(j.lease().duration().dividedBy(2));
      publish(null);
      return j.snapshot();
    }
  }

  /** Joins the listed session of that id. */
  public SessionSnapshot join(SessionId id) throws RemoteException, JukeboxException {
    SessionListing l = listings.get(id);
    if (l == null) {
      sessions();
      l = listings.get(id);
    }
    if (l == null) {
      throw new IllegalArgumentException("no session " + id + " is listed for this user");
    }
    return join(l);
  }

  /** Leaves the session joined (the host's session goes on without the host). Idempotent. */
  public void leave() {
    SessionServer s;
    SessionId id;
    synchronized (this) {
      s = server;
      id = sessionId;
      clearSession();
    }
    if (s != null) {
      try {
        s.leave(id);
      } catch (Exception e) {
        LOG.log(Level.DEBUG, () -> "leave failed: " + e);
      }
      publishOnEvents(null);
    }
  }

  private void clearSession() {
    if (membershipRenewal != null) {
      membershipRenewal.cancel(false);
    }
    server = null;
    sessionId = null;
    membership = null;
    model = null;
    timeline = null;
  }

  private synchronized void scheduleMembershipRenewal(Duration after) {
    if (closed || sessionId == null) {
      return;
    }
    membershipRenewal = scheduler.schedule(this::renewMembership, after.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void renewMembership() {
    SessionServer s;
    SessionId id;
    LeaseId lease;
    synchronized (this) {
      s = server;
      id = sessionId;
      lease = membership;
    }
    if (s == null) {
      return;
    }
    Duration next;
    try {
      next = s.renew(id, lease, memberLease).duration().dividedBy(2);
    } catch (UnknownLeaseException e) {
      next = rejoin(id) ? memberLease.dividedBy(2) : retryDelay(memberLease);
    } catch (Exception e) {
      LOG.log(Level.DEBUG, () -> "session server unreachable: " + e);
      next = rejoin(id) ? memberLease.dividedBy(2) : retryDelay(memberLease);
    }
    scheduleMembershipRenewal(next);
  }

  /** Joins {@code id} again, through a fresh listing when the directory has one. */
  private boolean rejoin(SessionId id) {
    SessionListing fresh = null;
    try {
      for (SessionListing l : directory.joinableSessions()) {
        listings.put(l.id(), l);
        if (l.id().equals(id)) {
          fresh = l;
        }
      }
    } catch (Exception e) {
      LOG.log(Level.DEBUG, () -> "directory unreachable: " + e);
    }
    synchronized (this) {
      if (!id.equals(sessionId)) {
        return true;
      }
      SessionServer s = fresh != null ? wrap(fresh.session()) : server;
      try {
        SessionJoin j = s.join(id, updateStub, memberLease);
        server = s;
        membership = j.lease().id();
        model = new Model(j.snapshot(), self);
        publish(null);
        return true;
      } catch (Exception e) {
        LOG.log(Level.DEBUG, () -> "cannot rejoin " + id + ": " + e);
        return false;
      }
    }
  }

  // --- controls ---------------------------------------------------------------------------------

  public SessionSong add(Song song) throws RemoteException, JukeboxException {
    Joined j = joined();
    return j.server.add(j.id, song);
  }

  public void remove(long entry) throws RemoteException, JukeboxException {
    Joined j = joined();
    j.server.remove(j.id, entry);
  }

  public void play() throws RemoteException, JukeboxException {
    Joined j = joined();
    j.server.play(j.id);
  }

  public void pause() throws RemoteException, JukeboxException {
    Joined j = joined();
    j.server.pause(j.id);
  }

  /** Skips the current song (host). */
  public void next() throws RemoteException, JukeboxException {
    Joined j = joined();
    SessionSong song = j.snapshot.currentSong();
    if (song == null) {
      throw new InvalidSessionRequestException("nothing to skip: the session has no current song");
    }
    j.server.next(j.id, song.entry());
  }

  /** The host's copy of {@code entry} played to its end: move on, unless someone did already. */
  public void songEnded(long entry) throws RemoteException, JukeboxException {
    Joined j = joined();
    if (j.snapshot.host().equals(self)) {
      j.server.next(j.id, entry);
    }
  }

  public void seek(Duration position) throws RemoteException, JukeboxException {
    Joined j = joined();
    j.server.seek(j.id, position);
  }

  public void options(SessionOptions options) throws RemoteException, JukeboxException {
    Joined j = joined();
    j.server.options(j.id, options);
  }

  public void voteSkip() throws RemoteException, JukeboxException {
    Joined j = joined();
    SessionSong song = j.snapshot.currentSong();
    if (song == null) {
      throw new InvalidSessionRequestException("nothing to skip: the session has no current song");
    }
    j.server.voteSkip(j.id, song.entry());
  }

  /** Ends the session (host). */
  public void end() throws RemoteException, JukeboxException {
    Joined j = joined();
    j.server.end(j.id);
  }

  /** The listeners now, from the local copy. */
  public List<String> listeners() {
    SessionSnapshot s = snapshot().orElse(null);
    return s == null ? List.of() : s.listeners();
  }

  /**
   * Uploads an audio file from this machine into the session's blob store; it is added to the
   * playlist when the upload completes.
   *
   * @throws IOException if the file cannot be read or the server refuses it (the message says why)
   */
  public long upload(Path file) throws IOException, JukeboxException {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String type = switch (ext) {
      case "mp3" -> "audio/mpeg";
      case "wav" -> "audio/wav";
      case "au", "snd" -> "audio/basic";
      default -> throw new InvalidSessionRequestException("not an audio file this client uploads (.mp3, .wav, .au): " + name);
    };
    long size = Files.size(file);
    String title = dot <= 0 ? name : name.substring(0, dot);
    Joined j = joined();
    UploadTicket t = j.server.upload(j.id, new UploadRequest(title, "", "", Duration.ZERO, type, size));
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(t.url()).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("upload of " + name + " interrupted", e);
    }
    if (r.statusCode() != 201) {
      throw new IOException("upload of " + name + " refused (" + r.statusCode() + "): " + r.body().strip());
    }
    return Long.parseLong(r.body().strip());
  }

  // --- for the sync engine ----------------------------------------------------------------------

  /** The session joined, as the client last heard it. */
  public synchronized Optional<SessionSnapshot> snapshot() {
    return model == null ? Optional.empty() : Optional.of(model.snapshot());
  }

  /** Whether the user hosts the session joined. */
  public synchronized boolean isHost() {
    return model != null && model.host.equals(self);
  }

  @Override
  public TimelineState current() {
    return timeline;
  }

  private synchronized Joined currentJoined() {
    if (server == null) {
      throw new IllegalStateException("not in a session");
    }
    return new Joined(server, sessionId, model.snapshot(), model.self);
  }

  private Joined joined() {
    return currentJoined();
  }

  private record Joined(SessionServer server, SessionId id, SessionSnapshot snapshot, String self) {}

  @Override
  public void addTimelineListener(Consumer<TimelineState> listener) {
    timelineListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeTimelineListener(Consumer<TimelineState> listener) {
    timelineListeners.remove(listener);
  }

  /** Calls {@code listener} with every update applied (on the client's event thread, in order). */
  public void addUpdateListener(Consumer<SessionUpdate> listener) {
    updateListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Calls {@code listener} with the known sessions whenever the directory changes them. */
  public void addListingListener(Consumer<List<SessionListing>> listener) {
    listingListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** One clock exchange with the session server joined. */
  public ClockSource clockSource() {
    return () -> {
      SessionServer s;
      synchronized (this) {
        s = server;
      }
      if (s == null) {
        throw new IOException("not in a session");
      }
      return s.time();
    };
  }

  /** Opens entries' audio: uploads through the session server, other songs through the locator. */
  public SessionAudio audio() {
    return song -> {
      if (song.uploaded()) {
        Joined j;
        try {
          j = joined();
        } catch (IllegalStateException e) {
          throw new IOException("not in a session", e);
        }
        try {
          return j.server.openStream(j.id, song.entry());
        } catch (JukeboxException e) {
          throw new IOException(e.getMessage(), e);
        }
      }
      if (locator == null) {
        throw new IOException("no SoundSmith locator to play " + song.song().id());
      }
      ServedSong served = locator.locate(song.song().id())
          .orElseThrow(() -> new IOException("no live SoundSmith serves " + song.song().id()));
      try {
        return served.soundSmith().openStream(song.song().id());
      } catch (JukeboxException e) {
        throw new IOException(e.getMessage(), e);
      }
    };
  }

  // --- callbacks --------------------------------------------------------------------------------

  private final class UpdateCallback implements SessionListener {
    @Override
    public void updated(SessionId session, List<SessionUpdate> updates) {
      List<SessionUpdate> copy = List.copyOf(updates);
      events.execute(() -> apply(session, copy));
    }
  }

  private void apply(SessionId session, List<SessionUpdate> updates) {
    boolean ended = false;
    List<SessionUpdate> applied = new ArrayList<>();
    synchronized (this) {
      if (model == null || !session.equals(sessionId)) {
        return;
      }
      for (SessionUpdate u : updates) {
        if (u.sequence() <= model.sequence) {
          continue; // already in the snapshot
        }
        if (u.sequence() != model.sequence + 1) {
          try {
            model = new Model(server.snapshot(sessionId), model.self);
          } catch (Exception e) {
            LOG.log(Level.WARNING, "missed updates and cannot fetch a snapshot: " + e);
          }
          if (u.sequence() <= model.sequence) {
            continue;
          }
        }
        model.apply(u);
        applied.add(u);
        if (u.kind() == SessionUpdate.Kind.ENDED) {
          ended = true;
          break;
        }
      }
      if (!applied.isEmpty()) {
        timeline = model.timeline(ended);
      }
      if (ended) {
        SessionId id = sessionId;
        clearSession();
        listings.remove(id);
      }
    }
    for (SessionUpdate u : applied) {
      for (Consumer<SessionUpdate> l : updateListeners) {
        safely(() -> l.accept(u));
      }
    }
    if (!applied.isEmpty()) {
      TimelineState t = ended ? endedState(applied.get(applied.size() - 1), session) : timeline;
      for (Consumer<TimelineState> l : timelineListeners) {
        safely(() -> l.accept(t));
      }
    }
  }

  private static TimelineState endedState(SessionUpdate u, SessionId session) {
    return new TimelineState(session, u.sequence(), null, null, false, 0, u.stampMicros(), false, true);
  }

  private final class DirectoryCallback implements SessionDirectoryListener {
    @Override
    public void listed(SessionListing listing) {
      events.execute(() -> {
        listings.put(listing.id(), listing);
        publishListings();
      });
    }

    @Override
    public void unlisted(SessionId session) {
      events.execute(() -> {
        listings.remove(session);
        publishListings();
      });
    }
  }

  private void publishListings() {
    List<SessionListing> all = knownSessions();
    for (Consumer<List<SessionListing>> l : listingListeners) {
      safely(() -> l.accept(all));
    }
  }

  /** Sets the timeline from the model and tells listeners, on the event thread. Call holding the lock. */
  private void publish(Object unused) {
    timeline = model == null ? null : model.timeline(false);
    publishOnEvents(timeline);
  }

  private void publishOnEvents(TimelineState t) {
    if (t == null) {
      return;
    }
    try {
      events.execute(() -> {
        for (Consumer<TimelineState> l : timelineListeners) {
          safely(() -> l.accept(t));
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closing.
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a session listener failed", e);
    }
  }

  // --- lifecycle --------------------------------------------------------------------------------

  /** Leaves the session (without ending it), goes offline and unexports the callbacks. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    leave();
    LeaseId p;
    synchronized (this) {
      closed = true;
      p = presence;
      if (presenceRenewal != null) {
        presenceRenewal.cancel(false);
      }
    }
    if (p != null) {
      try {
        directory.goOffline(p);
      } catch (Exception e) {
        LOG.log(Level.DEBUG, () -> "go offline failed: " + e);
      }
    }
    scheduler.shutdownNow();
    events.shutdown();
    try {
      events.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsExporter) {
      exporter.close();
    } else {
      exporter.unexport(directoryCallback);
      exporter.unexport(updateCallback);
    }
  }

  private void requireStarted() {
    if (!started || closed) {
      throw new IllegalStateException(closed ? "closed" : "not started");
    }
  }

  private <T extends Remote> T wrap(T stub) {
    return security == null ? stub : ClientSecurity.as(security, stub);
  }

  private static Duration retryDelay(Duration lease) {
    Duration quarter = lease.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? quarter : Duration.ofSeconds(1);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The local copy of the session, changed only on the event thread or under the client's lock. */
  private static final class Model {
    final SessionId id;
    final String host;
    final String self;
    boolean hostPresent;
    final List<SessionSong> playlist;
    int current;
    boolean playing;
    long position;
    long stamp;
    long sequence;
    final TreeSet<String> listeners;
    final TreeSet<String> potential;
    SessionOptions options;

    Model(SessionSnapshot s, String self) {
      this.id = s.id();
      this.host = s.host();
      this.self = self;
      this.hostPresent = s.hostPresent();
      this.playlist = new ArrayList<>(s.playlist());
      this.current = s.current();
      this.playing = s.playing();
      this.position = s.positionMicros();
      this.stamp = s.stampMicros();
      this.sequence = s.sequence();
      this.listeners = new TreeSet<>(s.listeners());
      this.potential = new TreeSet<>(s.potentialListeners());
      this.options = s.options();
    }

    void apply(SessionUpdate u) {
      switch (u.kind()) {
        case SONG_ADDED -> playlist.add(Math.min(u.index(), playlist.size()), u.song());
        case SONG_REMOVED -> {
          if (u.index() < playlist.size()) {
            playlist.remove(u.index());
          }
        }
        case LISTENER_JOINED -> {
          listeners.add(u.user());
          potential.remove(u.user());
        }
        case LISTENER_LEFT -> listeners.remove(u.user());
        case POTENTIAL_JOINED -> potential.add(u.user());
        case POTENTIAL_LEFT -> potential.remove(u.user());
        case HOST_GONE -> hostPresent = false;
        case HOST_BACK -> hostPresent = true;
        case OPTIONS -> options = u.options();
        default -> { }
      }
      current = Math.min(u.current(), playlist.size());
      playing = u.playing() && current < playlist.size();
      position = u.positionMicros();
      stamp = u.stampMicros();
      sequence = u.sequence();
    }

    SessionSnapshot snapshot() {
      return new SessionSnapshot(id, host, hostPresent, playlist, current, playing, position, stamp, sequence,
          List.copyOf(listeners), List.copyOf(potential), options);
    }

    TimelineState timeline(boolean ended) {
      return TimelineState.of(snapshot(), ended);
    }
  }

  /** Configures a {@link SessionClient}. Not thread-safe. */
  public static final class Builder {
    private final SessionDirectory directory;
    private RemoteExporter exporter;
    private SecurityConfig security;
    private HttpClient http;
    private SongLocator locator;
    private String user;
    private Duration presenceLease = Duration.ofSeconds(30);
    private Duration memberLease = Duration.ofSeconds(30);

    private Builder(SessionDirectory directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The exporter for the callbacks; the caller keeps ownership. Default: a new one on any port. */
    public Builder exporter(RemoteExporter exporter) {
      this.exporter = Objects.requireNonNull(exporter, "exporter");
      return this;
    }

    /**
     * Calls the directory and session servers with these credentials instead of the process's
     * installed ones (a proxy acting for several users, tests).
     */
    public Builder security(SecurityConfig security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /** The HTTP client for uploads; with security, pass {@code SecureHttp.httpClient(config)}. */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** Finds the SoundSmith of songs that were not uploaded, for {@link #audio()}. */
    public Builder songLocator(SongLocator locator) {
      this.locator = Objects.requireNonNull(locator, "locator");
      return this;
    }

    /**
     * The user this client acts for, to tell whether it hosts; default the name in the
     * credentials it calls with, else {@code anonymous}.
     */
    public Builder user(String user) {
      Objects.requireNonNull(user, "user");
      if (user.isBlank()) {
        throw new IllegalArgumentException("user is blank");
      }
      this.user = user;
      return this;
    }

    /** The presence lease asked of the directory. */
    public Builder presenceLease(Duration lease) {
      this.presenceLease = positive(lease, "presenceLease");
      return this;
    }

    /** The membership lease asked of the session server. */
    public Builder memberLease(Duration lease) {
      this.memberLease = positive(lease, "memberLease");
      return this;
    }

    public SessionClient build() {
      return new SessionClient(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}

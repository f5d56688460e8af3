package org.jukebox.directory.internal;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.ServiceId;
import org.jukebox.api.SessionCharter;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionDirectoryListener;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionServer;
import org.jukebox.api.SessionSong;
import org.jukebox.api.SessionStatus;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.security.Caller;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.SecurityConfig;

/**
 * The directory's side of shared listening ({@link SessionDirectory}): who is online (leased
 * presence with a listener each), every user's ACL, and the session table (one session per
 * host, each on one session server), judged by an injected clock.
 *
 * <p>State changes happen under this object's lock and do no I/O; what peers must hear is queued
 * on an {@link Outbox} per online user and per session server, so a slow or dead peer delays
 * nobody. Only {@link #createSession()} calls a session server while its caller waits (outside
 * the lock), because the host must learn where the session runs.
 *
 * <p>ACLs and the table live in memory: when the directory restarts, session servers report their
 * sessions again, charters included, and the table and those hosts' ACLs come back from them;
 * clients set their ACL again when they go online.
 *
 * <p>Thread-safe.
 */
public final class SessionTable implements SessionDirectory, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SessionTable.class.getName());
  private static final int OUTBOX_CAPACITY = 4096;

  private final DirectoryService directory;
  private final Clock clock;
  private final Duration maxLease;
  /** How the directory proves itself to session servers; null over plain RMI. */
  private final SecurityConfig security;
  private final LeaseIds leaseIds = new LeaseIds();
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService pool;

  private final Map<String, Presence> online = new HashMap<>();
  private final Map<LeaseId, String> presenceLeases = new HashMap<>();
  private final Map<String, Set<String>> acls = new HashMap<>();
  private final Map<String, Row> table = new TreeMap<>();
  private final Map<SessionId, String> hostOf = new HashMap<>();
  private final Map<ServiceId, Outbox> servers = new HashMap<>();
  private final Map<ServiceId, SessionServer> lastStubs = new ConcurrentHashMap<>();
  private final Map<SessionServer, SessionServer> asDirectory = new ConcurrentHashMap<>();
  private int rotation;
  private boolean closed;
  /** How long a session's server may be gone before another takes the session over; null: never. */
  private volatile Duration takeoverAfter;
  /** When each session's server was first seen gone. */
  private final Map<SessionId, Instant> orphanedSince = new HashMap<>();

  private record Presence(String user, LeaseId lease, Instant expiresAt, Outbox outbox,
      SessionDirectoryListener listener) {}

  /** One session in the table. */
  private record Row(SessionId id, String host, ServiceId server, SessionSong current, boolean playing,
      int listenerCount, boolean hostPresent) {
    Row with(SessionStatus s) {
      return new Row(id, host, s.server(), s.current(), s.playing(), s.listenerCount(), s.hostPresent());
    }
  }

  public SessionTable(DirectoryService directory, Clock clock, Duration maxLease, SecurityConfig security) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxLease = Objects.requireNonNull(maxLease, "maxLease");
    this.security = security;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "jukebox-directory-sessions-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  // --- presence ---------------------------------------------------------------------------------

  @Override
  public Lease goOnline(SessionDirectoryListener listener, Duration requested) {
    Objects.requireNonNull(listener, "listener");
    Duration grant = grant(requested);
    String user = caller();
    synchronized (this) {
      checkOpen();
      Presence old = online.remove(user);
      if (old != null) {
        presenceLeases.remove(old.lease());
        old.outbox().stop();
      }
      LeaseId lease = leaseIds.next();
      Presence[] self = new Presence[1];
      Outbox box = new Outbox(pool, OUTBOX_CAPACITY, true, why -> dropPresence(self[0], why));
      Presence p = new Presence(user, lease, clock.instant().plus(grant), box, listener);
      self[0] = p;
      online.put(user, p);
      presenceLeases.put(lease, user);
      for (Row r : table.values()) {
        if (mayJoin(user, r.host())) {
          SessionListing l = listing(r);
          if (l != null) {
            box.offer(() -> listener.listed(l));
          }
        }
      }
      if (old == null) {
        presenceChanged(user);
      }
      LOG.log(Level.DEBUG, () -> user + " is online");
      return new Lease(lease, grant);
    }
  }

  @Override
  public Lease renew(LeaseId lease, Duration requested) throws UnknownLeaseException {
    Objects.requireNonNull(lease, "lease");
    Duration grant = grant(requested);
    synchronized (this) {
      checkOpen();
      Instant now = clock.instant();
      String user = presenceLeases.get(lease);
      Presence p = user == null ? null : online.get(user);
      if (p == null || !p.lease().equals(lease) || !now.isBefore(p.expiresAt())) {
        throw new UnknownLeaseException(lease, "no live presence " + lease + " (it ran out or was dropped: go online again)");
      }
      online.put(user, new Presence(user, lease, now.plus(grant), p.outbox(), p.listener()));
      return new Lease(lease, grant);
    }
  }

  @Override
  public void goOffline(LeaseId lease) throws AccessDeniedException {
    Objects.requireNonNull(lease, "lease");
    String user = caller();
    synchronized (this) {
      String holder = presenceLeases.get(lease);
      if (holder == null) {
        return;
      }
      if (!holder.equals(user)) {
        throw new AccessDeniedException(user + " may not take " + holder + " offline");
      }
      removePresence(online.get(holder), "went offline");
    }
  }

  private void dropPresence(Presence p, String why) {
    synchronized (this) {
      Presence current = p == null ? null : online.get(p.user());
      if (current != null && current.lease().equals(p.lease())) {
        removePresence(current, "dropped: " + why);
      }
    }
  }

  private void removePresence(Presence p, String why) {
    online.remove(p.user());
    presenceLeases.remove(p.lease());
    p.outbox().stop();
    LOG.log(Level.DEBUG, () -> p.user() + " " + why);
    presenceChanged(p.user());
  }

  /**
   * Lets another live session server take over the sessions of a server whose lease has been gone
   * for {@code after}: it continues them from their saved state when the servers share a store
   * (with separate stores the session starts over empty, so leave this off for those).
   */
  public void takeoverAfter(Duration after) {
    this.takeoverAfter = Objects.requireNonNull(after, "after");
  }

  /**
   * Takes offline every user whose presence lease ran out, and moves sessions of servers gone for
   * longer than the takeover delay (if one is set); returns how many users went offline.
   */
  public int sweep() {
    synchronized (this) {
      if (closed) {
        return 0;
      }
      Instant now = clock.instant();
      int n = 0;
      for (Presence p : List.copyOf(online.values())) {
        if (!now.isBefore(p.expiresAt())) {
          removePresence(p, "lease ran out");
          n++;
        }
      }
      takeOver(now);
      return n;
    }
  }

  private void takeOver(Instant now) {
    Duration after = takeoverAfter;
    if (after == null) {
      return;
    }
    for (Row r : List.copyOf(table.values())) {
      if (directory.serviceOwner(r.server()) != null) {
        orphanedSince.remove(r.id());
        continue;
      }
      Instant since = orphanedSince.computeIfAbsent(r.id(), k -> now);
      if (now.isBefore(since.plus(after))) {
        continue;
      }
      List<ServiceBeacon> live = leastLoaded();
      if (live.isEmpty()) {
        continue;
      }
      ServiceBeacon b = live.get(0);
      SessionServer server = asDirectory((SessionServer) b.service());
      SessionCharter charter = new SessionCharter(r.id(), r.host(), acl(r.host()));
      lastStubs.put(b.id(), (SessionServer) b.service());
      serverOutbox(b.id()).offer(() -> server.open(charter));
      Row moved = new Row(r.id(), r.host(), b.id(), r.current(), r.playing(), 0, false);
      table.put(r.host(), moved);
      orphanedSince.remove(r.id());
      LOG.log(Level.INFO, () -> "session " + r.id() + " of " + r.host() + " moved from " + r.server() + " to " + b.id());
      announce(moved);
      pushPresence(moved);
    }
  }

  /** Tells the session of every host who lists {@code user} who of their list is online now. */
  private void presenceChanged(String user) {
    for (Row r : table.values()) {
      if (acl(r.host()).contains(user)) {
        pushPresence(r);
      }
    }
  }

  private void pushPresence(Row r) {
    Set<String> members = new TreeSet<>();
    for (String u : acl(r.host())) {
      if (online.containsKey(u)) {
        members.add(u);
      }
    }
    SessionServer server = asDirectory(serverStub(r.server()));
    if (server != null) {
      Set<String> copy = Set.copyOf(members);
      serverOutbox(r.server()).offer(() -> server.presence(r.id(), copy));
    }
  }

  // --- ACLs -------------------------------------------------------------------------------------

  @Override
  public void setAcl(Set<String> users) {
    Objects.requireNonNull(users, "users");
    TreeSet<String> acl = new TreeSet<>();
    for (String u : users) {
      Objects.requireNonNull(u, "user");
      if (u.isBlank()) {
        throw new IllegalArgumentException("user is blank");
      }
      acl.add(u);
    }
    String host = caller();
    synchronized (this) {
      checkOpen();
      Set<String> old = acl(host);
      acls.put(host, Set.copyOf(acl));
      Row r = table.get(host);
      if (r == null) {
        return;
      }
      SessionServer server = asDirectory(serverStub(r.server()));
      if (server != null) {
        SessionCharter charter = new SessionCharter(r.id(), host, acl);
        serverOutbox(r.server()).offer(() -> server.open(charter));
      }
      SessionListing l = listing(r);
      for (String u : old) {
        if (!acl.contains(u) && !u.equals(host)) {
          tell(u, listener -> listener.unlisted(r.id()));
        }
      }
      for (String u : acl) {
        if (!old.contains(u) && l != null) {
          tell(u, listener -> listener.listed(l));
        }
      }
      pushPresence(r);
    }
  }

  @Override
  public synchronized List<String> acl() {
    return List.copyOf(new TreeSet<>(acl(caller())));
  }

  @Override
  public synchronized List<String> memberships() {
    String user = caller();
    List<String> hosts = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : new TreeMap<>(acls).entrySet()) {
      if (e.getValue().contains(user)) {
        hosts.add(e.getKey());
      }
    }
    return hosts;
  }

  @Override
  public synchronized List<String> onlineFriends() {
    String user = caller();
    TreeSet<String> friends = new TreeSet<>();
    for (String u : online.keySet()) {
      if (!u.equals(user) && (acl(user).contains(u) || acl(u).contains(user))) {
        friends.add(u);
      }
    }
    return List.copyOf(friends);
  }

  // --- the table --------------------------------------------------------------------------------

  @Override
  public synchronized List<SessionListing> joinableSessions() {
    String user = caller();
    List<SessionListing> result = new ArrayList<>();
    for (Row r : table.values()) {
      if (mayJoin(user, r.host())) {
        SessionListing l = listing(r);
        if (l != null) {
          result.add(l);
        }
      }
    }
    return result;
  }

  @Override
  public SessionListing createSession() throws JukeboxException {
    String host = caller();
    List<ServiceBeacon> candidates;
    SessionCharter charter;
    synchronized (this) {
      checkOpen();
      Row existing = table.get(host);
      if (existing != null) {
        SessionListing l = listing(existing);
        if (l != null) {
          return l;
        }
      }
      candidates = leastLoaded();
      if (candidates.isEmpty()) {
        throw new JukeboxException("no session server is live: start one (jukebox session) and try again");
      }
      charter = new SessionCharter(existing != null ? existing.id() : newSessionId(), host, acl(host));
    }
    Exception last = null;
    for (ServiceBeacon b : candidates) {
      SessionServer server = (SessionServer) b.service();
      try {
        asDirectory(server).open(charter);
      } catch (Exception e) {
        last = e;
        LOG.log(Level.INFO, () -> "session server " + b.id() + " did not take a session: " + e);
        continue;
      }
      synchronized (this) {
        lastStubs.put(b.id(), server);
        Row r = table.get(host);
        if (r == null || !r.id().equals(charter.id())) {
          if (r != null) {
            hostOf.remove(r.id());
          }
          r = new Row(charter.id(), host, b.id(), null, false, 0, false);
          table.put(host, r);
          hostOf.put(r.id(), host);
        } else {
          r = new Row(r.id(), host, b.id(), r.current(), r.playing(), r.listenerCount(), r.hostPresent());
          table.put(host, r);
        }
        announce(r);
        pushPresence(r);
        LOG.log(Level.INFO, "session " + charter.id() + " of " + host + " assigned to " + b.id());
        return listing(r);
      }
    }
    throw new JukeboxException("no session server took the session (" + candidates.size() + " tried): " + last);
  }

  /** Live session servers, fewest sessions first, ties in turn. */
  private List<ServiceBeacon> leastLoaded() {
    List<ServiceBeacon> live = new ArrayList<>(directory.services(SessionServer.SERVICE_KIND));
    Map<ServiceId, Integer> load = new HashMap<>();
    for (Row r : table.values()) {
      load.merge(r.server(), 1, Integer::sum);
    }
    if (!live.isEmpty()) {
      java.util.Collections.rotate(live, -(rotation++ % live.size()));
    }
    live.sort(Comparator.comparingInt(b -> load.getOrDefault(b.id(), 0)));
    return live;
  }

  @Override
  public void sessionChanged(SessionStatus status) throws AccessDeniedException {
    Objects.requireNonNull(status, "status");
    requireServer(status.server(), "report sessions of");
    synchronized (this) {
      checkOpen();
      SessionCharter c = status.charter();
      String host = c.host();
      Row r = table.get(host);
      if (r != null && !r.id().equals(c.id())) {
        LOG.log(Level.INFO, () -> "ignored a report of session " + c.id() + " of " + host + ", who hosts " + table.get(host).id());
        return;
      }
      if (r != null && !r.server().equals(status.server()) && directory.serviceOwner(r.server()) != null) {
        // A server that came back after its session was taken over: the live one runs it.
        LOG.log(Level.INFO, () -> "ignored a report of session " + c.id() + " from " + status.server()
            + ": it runs on " + table.get(host).server());
        return;
      }
      boolean restored = r == null;
      if (restored) {
        r = new Row(c.id(), host, status.server(), null, false, 0, false);
        hostOf.put(c.id(), host);
        if (!acls.containsKey(host)) {
          acls.put(host, Set.copyOf(c.acl()));
        }
        LOG.log(Level.INFO, "session " + c.id() + " of " + host + " on " + status.server() + " back in the table");
      }
      r = r.with(status);
      table.put(host, r);
      if (restored) {
        if (!acl(host).equals(c.acl())) {
          SessionServer server = asDirectory(serverStub(r.server()));
          SessionCharter fresh = new SessionCharter(c.id(), host, acl(host));
          if (server != null) {
            serverOutbox(r.server()).offer(() -> server.open(fresh));
          }
        }
        pushPresence(r);
      }
      announce(r);
    }
  }

  @Override
  public void sessionEnded(SessionId session) throws AccessDeniedException {
    Objects.requireNonNull(session, "session");
    Row r;
    synchronized (this) {
      String host = hostOf.get(session);
      if (host == null) {
        return;
      }
      r = table.get(host);
    }
    requireServer(r.server(), "end sessions of");
    synchronized (this) {
      if (table.get(r.host()) == null || !table.get(r.host()).id().equals(session)) {
        return;
      }
      table.remove(r.host());
      hostOf.remove(session);
      for (String u : audience(r.host())) {
        tell(u, listener -> listener.unlisted(session));
      }
      LOG.log(Level.INFO, () -> "session " + session + " of " + r.host() + " ended");
    }
  }

  /** How many sessions the table holds. */
  public synchronized int sessionCount() {
    return table.size();
  }

  /** Whether the user is online now. */
  public synchronized boolean isOnline(String user) {
    return online.containsKey(user);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      for (Presence p : online.values()) {
        p.outbox().stop();
      }
      for (Outbox o : servers.values()) {
        o.stop();
      }
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Tells everyone who may join the session what it looks like now. */
  private void announce(Row r) {
    SessionListing l = listing(r);
    if (l == null) {
      return;
    }
    for (String u : audience(r.host())) {
      tell(u, listener -> listener.listed(l));
    }
  }

  /** The host and the users on the host's list. */
  private Set<String> audience(String host) {
    Set<String> users = new TreeSet<>(acl(host));
    users.add(host);
    return users;
  }

  @FunctionalInterface
  private interface ListenerCall {
    void call(SessionDirectoryListener listener) throws Exception;
  }

  private void tell(String user, ListenerCall call) {
    Presence p = online.get(user);
    if (p == null) {
      return;
    }
    SessionDirectoryListener l = p.listener();
    p.outbox().offer(() -> call.call(l));
  }

  private SessionListing listing(Row r) {
    SessionServer stub = serverStub(r.server());
    if (stub == null) {
      return null;
    }
    return new SessionListing(r.id(), r.host(), r.server(), stub, r.current(), r.playing(), r.listenerCount(),
        r.hostPresent());
  }

  /** The live stub of a session server, or the last one seen, or null. */
  private SessionServer serverStub(ServiceId id) {
    for (ServiceBeacon b : directory.services(SessionServer.SERVICE_KIND)) {
      if (b.id().equals(id)) {
        SessionServer s = (SessionServer) b.service();
        lastStubs.put(id, s);
        return s;
      }
    }
    return lastStubs.get(id);
  }

  private Outbox serverOutbox(ServiceId id) {
    return servers.computeIfAbsent(id, k -> new Outbox(pool, OUTBOX_CAPACITY, false,
        why -> LOG.log(Level.INFO, () -> "session server " + k + ": " + why)));
  }

  /** The stub a call from the directory goes through: with the directory's own credentials when secure. */
  private SessionServer asDirectory(SessionServer stub) {
    if (security == null || stub == null) {
      return stub;
    }
    return asDirectory.computeIfAbsent(stub, s -> ClientSecurity.as(security, s));
  }

  private boolean mayJoin(String user, String host) {
    return user.equals(host) || acl(host).contains(user);
  }

  private Set<String> acl(String host) {
    return acls.getOrDefault(host, Set.of());
  }

  private void requireServer(ServiceId server, String action) throws AccessDeniedException {
    JukeboxPrincipal caller = Caller.current();
    JukeboxPrincipal owner = directory.serviceOwner(server);
    if (owner == null) {
      throw new AccessDeniedException(caller.name() + " may not " + action + " session server " + server
          + ": it is not announced");
    }
    if (!owner.equals(caller)) {
      throw new AccessDeniedException(caller.name() + " may not " + action + " session server " + server
          + ": it is announced by " + owner.name());
    }
  }

  private SessionId newSessionId() {
    byte[] bits = new byte[18];
    random.nextBytes(bits);
    return new SessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
  }

  private static String caller() {
    return Caller.current().name();
  }

  private Duration grant(Duration requested) {
    Objects.requireNonNull(requested, "requested lease");
    if (requested.isNegative() || requested.isZero()) {
      throw new IllegalArgumentException("requested lease <= 0: " + requested);
    }
    return requested.compareTo(maxLease) <= 0 ? requested : maxLease;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("directory is closed");
    }
  }
}

package org.jukebox.directory.internal;

import java.rmi.AccessException;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.Beacon;
import org.jukebox.api.DepartureReason;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.ServiceId;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.directory.internal.Registration.Departed;
import org.jukebox.directory.internal.Registration.Notice;
import org.jukebox.directory.internal.Registration.Touched;

/**
 * The MusicDirectory itself, without any RMI plumbing: a table of leased SoundSmith entries and
 * leased listener registrations, judged against an injected {@link Clock}.
 *
 * <p>Thread-safe. The beacon path takes no lock shared between SoundSmiths (one
 * {@link ConcurrentHashMap} bin per id) and does no I/O: listeners are told asynchronously, each
 * on its own serial delivery task with a bounded queue, so that a slow or dead listener delays
 * neither beacons nor other listeners. A listener whose callback throws is dropped.
 *
 * <p>Listeners hear the directory's state, not every beacon: a callback reports the state at
 * the time it is made, so an entry that arrived and left before its listener's turn came is
 * never mentioned, and several changes in a row may reach a listener that is behind as one.
 *
 * <p>An entry lives from its grant time for its granted duration; it is gone for
 * {@link #soundSmiths()}, {@link #cancel} and listeners as soon as the clock reaches that point,
 * and {@link #sweep()} removes it from memory and tells listeners {@code EXPIRED}.
 */
public final class DirectoryService implements MusicDirectory, AutoCloseable {
  /** How many notices a listener may fall behind by before it is dropped. */
  public static final int DEFAULT_LISTENER_QUEUE_CAPACITY = 65_536;

  private static final System.Logger LOG = System.getLogger(DirectoryService.class.getName());
  private static final Comparator<Entry> BY_ID = Comparator.comparing(Entry::id);

  private final Clock clock;
  private final Duration maxLease;
  private final int listenerQueueCapacity;
  private final LeaseIds leaseIds = new LeaseIds();
  private final ConcurrentHashMap<SoundSmithId, Entry> entries = new ConcurrentHashMap<>();
  /** Lease id to the entry holding it; changed only inside a compute on {@link #entries}. */
  private final ConcurrentHashMap<LeaseId, SoundSmithId> entryLeases = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<LeaseId, Registration> registrations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ServiceId, ServiceEntry> services = new ConcurrentHashMap<>();
  /** Lease id to the service holding it; changed only inside a compute on {@link #services}. */
  private final ConcurrentHashMap<LeaseId, ServiceId> serviceLeases = new ConcurrentHashMap<>();
  private final ExecutorService delivery;
  private volatile boolean closed;

  /**
   * A directory judged by {@code clock} that grants at most {@code maxLease}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code maxLease} is not positive
   */
  public DirectoryService(Clock clock, Duration maxLease) {
    this(clock, maxLease, DEFAULT_LISTENER_QUEUE_CAPACITY);
  }

  /**
   * As {@link #DirectoryService(Clock, Duration)}, dropping a listener that falls
   * {@code listenerQueueCapacity} notices behind.
   *
   * @throws IllegalArgumentException if {@code listenerQueueCapacity < 1}
   */
  public DirectoryService(Clock clock, Duration maxLease, int listenerQueueCapacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxLease = checkPositive(maxLease, "maxLease");
    if (listenerQueueCapacity < 1) {
      throw new IllegalArgumentException("listenerQueueCapacity < 1: " + listenerQueueCapacity);
    }
    this.listenerQueueCapacity = listenerQueueCapacity;
    this.delivery = Executors.newCachedThreadPool(daemonThreads("jukebox-directory-listener-"));
  }

  /** The longest lease this directory grants. */
  public Duration maxLease() {
    return maxLease;
  }

  @Override
  public Lease beacon(Beacon beacon, Duration requested) throws AccessException {
    Objects.requireNonNull(beacon, "beacon");
    Duration grant = grant(requested);
    checkOpen();
    Instant now = clock.instant();
    SoundSmithId id = beacon.info().id();
    // Over SecureRMI, the authenticated peer; over plain RMI everyone is anonymous, so this
    // binds nothing there.
    JukeboxPrincipal caller = Caller.current();
    BeaconOutcome outcome = new BeaconOutcome();
    entries.compute(id, (key, old) -> {
      if (old != null && old.liveAt(now) && !old.owner.equals(caller)) {
        outcome.refusedBy = old.owner;
        return old;
      }
      if (old != null && old.liveAt(now)) {
        outcome.changed = !old.saysTheSameAs(beacon.info(), beacon.soundSmith());
        outcome.entry = old.renewed(beacon, now, grant);
        return outcome.entry;
      }
      // New, or back after its lease ran out before the sweeper noticed: a new lease either way.
      if (old != null) {
        entryLeases.remove(old.lease);
        outcome.expired = old;
      }
      outcome.entry = new Entry(beacon.info(), beacon.soundSmith(), leaseIds.next(), now, grant, caller);
      entryLeases.put(outcome.entry.lease, key);
      outcome.arrived = true;
      return outcome.entry;
    });
    if (outcome.refusedBy != null) {
      throw new AccessException(caller.name() + " may not beacon for SoundSmith " + id + ": it is announced by "
          + outcome.refusedBy.name() + " until its lease runs out");
    }
    if (outcome.expired != null) {
      publish(new Departed(id, outcome.expired.lease, DepartureReason.EXPIRED));
    }
    if (outcome.arrived || outcome.changed) {
      LOG.log(Level.DEBUG, () -> (outcome.arrived ? "arrived: " : "changed: ") + beacon.info());
      publish(new Touched(id));
    }
    return new Lease(outcome.entry.lease, grant);
  }

  /** What one beacon did, carried out of the compute lambda. */
  private static final class BeaconOutcome {
    Entry entry;
    Entry expired;
    boolean arrived;
    boolean changed;
    JukeboxPrincipal refusedBy;
  }

  /** A DJ or session server as the directory holds it; replaced, never changed, on renewal. */
  private record ServiceEntry(ServiceBeacon beacon, LeaseId lease, Instant expiresAt, JukeboxPrincipal owner) {
    boolean liveAt(Instant now) {
      return now.isBefore(expiresAt);
    }
  }

  @Override
  public Lease announce(ServiceBeacon beacon, Duration requested) throws AccessException {
    Objects.requireNonNull(beacon, "beacon");
    Duration grant = grant(requested);
    checkOpen();
    Instant now = clock.instant();
    JukeboxPrincipal caller = Caller.current();
    ServiceEntry[] result = new ServiceEntry[1];
    JukeboxPrincipal[] refusedBy = new JukeboxPrincipal[1];
    services.compute(beacon.id(), (id, old) -> {
      if (old != null && old.liveAt(now)) {
        if (!old.owner().equals(caller)) {
          refusedBy[0] = old.owner();
          return old;
        }
        result[0] = new ServiceEntry(beacon, old.lease(), now.plus(grant), caller);
        return result[0];
      }
      if (old != null) {
        serviceLeases.remove(old.lease());
      }
      result[0] = new ServiceEntry(beacon, leaseIds.next(), now.plus(grant), caller);
      serviceLeases.put(result[0].lease(), id);
      LOG.log(Level.DEBUG, () -> "service arrived: " + beacon.kind() + " " + id);
      return result[0];
    });
    if (refusedBy[0] != null) {
      throw new AccessException(caller.name() + " may not announce service " + beacon.id()
          + ": it is announced by " + refusedBy[0].name() + " until its lease runs out");
    }
    return new Lease(result[0].lease(), grant);
  }

  @Override
  public List<ServiceBeacon> services(String kind) {
    Objects.requireNonNull(kind, "kind");
    checkOpen();
    Instant now = clock.instant();
    List<ServiceBeacon> live = new ArrayList<>();
    for (ServiceEntry e : services.values()) {
      if (e.liveAt(now) && e.beacon().kind().equals(kind)) {
        live.add(e.beacon());
      }
    }
    live.sort(Comparator.comparing(ServiceBeacon::id));
    return live;
  }

  /** Who announced the service of {@code id}, if its lease is live now; else null. */
  JukeboxPrincipal serviceOwner(ServiceId id) {
    ServiceEntry e = services.get(id);
    return e != null && e.liveAt(clock.instant()) ? e.owner() : null;
  }

  /** Ends a service's lease if {@code lease} is one; false if it is not a service lease. */
  private boolean cancelService(LeaseId lease, Instant now) throws UnknownLeaseException, AccessException {
    ServiceId id = serviceLeases.get(lease);
    if (id == null) {
      return false;
    }
    JukeboxPrincipal caller = Caller.current();
    ServiceEntry[] removed = new ServiceEntry[1];
    ServiceEntry[] refused = new ServiceEntry[1];
    services.computeIfPresent(id, (key, e) -> {
      if (!e.lease().equals(lease)) {
        return e;
      }
      if (!e.owner().equals(caller)) {
        refused[0] = e;
        return e;
      }
      serviceLeases.remove(lease);
      removed[0] = e;
      return null;
    });
    if (refused[0] != null) {
      throw new AccessException(caller.name() + " may not cancel the lease of service " + id
          + ": it is announced by " + refused[0].owner().name());
    }
    if (removed[0] == null || !removed[0].liveAt(now)) {
      throw unknownLease(lease);
    }
    return true;
  }

  @Override
  public void cancel(LeaseId lease) throws UnknownLeaseException, AccessException {
    Objects.requireNonNull(lease, "lease");
    checkOpen();
    Instant now = clock.instant();
    if (cancelService(lease, now)) {
      return;
    }
    SoundSmithId id = entryLeases.get(lease);
    if (id != null) {
      JukeboxPrincipal caller = Caller.current();
      Entry[] removed = new Entry[1];
      Entry[] refused = new Entry[1];
      entries.computeIfPresent(id, (key, e) -> {
        if (!e.lease.equals(lease)) {
          return e;
        }
        if (!e.owner.equals(caller)) {
          refused[0] = e;
          return e;
        }
        entryLeases.remove(lease);
        removed[0] = e;
        return null;
      });
      if (refused[0] != null) {
        throw new AccessException(caller.name() + " may not cancel the lease of SoundSmith " + id
            + ": it is announced by " + refused[0].owner.name());
      }
      if (removed[0] != null) {
        boolean ranOut = !removed[0].liveAt(now);
        LOG.log(Level.DEBUG, () -> (ranOut ? "expired: " : "cancelled: ") + removed[0].info);
        publish(new Departed(id, lease, ranOut ? DepartureReason.EXPIRED : DepartureReason.CANCELLED));
        if (!ranOut) {
          return;
        }
      }
      throw unknownLease(lease);
    }
    Registration r = registrations.remove(lease);
    if (r == null) {
      throw unknownLease(lease);
    }
    r.stop();
    if (!r.liveAt(now)) {
      throw unknownLease(lease);
    }
  }

  @Override
  public List<SoundSmithEntry> soundSmiths() {
    checkOpen();
    Instant now = clock.instant();
    List<Entry> live = liveEntriesById(now);
    List<SoundSmithEntry> result = new ArrayList<>(live.size());
    for (Entry e : live) {
      result.add(e.toSoundSmithEntry(now));
    }
    return result;
  }

  @Override
  public Lease watch(DirectoryListener listener, Duration requested) {
    Objects.requireNonNull(listener, "listener");
    Duration grant = grant(requested);
    checkOpen();
    Instant now = clock.instant();
    Registration r = new Registration(this, delivery, leaseIds.next(), listener, now.plus(grant),
        listenerQueueCapacity);
    // Publish before the replay runs: a beacon that does not see this registration finished
    // writing its entry before the replay reads the table.
    registrations.put(r.lease, r);
    r.start();
    LOG.log(Level.DEBUG, () -> "watching: " + r);
    return new Lease(r.lease, grant);
  }

  /**
   * Renews a listener registration for at most the maximum lease.
   *
   * @throws IllegalArgumentException if {@code lease} is a SoundSmith entry's (those are renewed
   *     by beaconing, which keeps what the directory says about them fresh), or if
   *     {@code requested} is not positive
   * @throws UnknownLeaseException if no live registration holds {@code lease}
   */
  @Override
  public Lease renew(LeaseId lease, Duration requested) throws UnknownLeaseException {
    Objects.requireNonNull(lease, "lease");
    Duration grant = grant(requested);
    checkOpen();
    Instant now = clock.instant();
    Registration[] ranOut = new Registration[1];
    Registration renewed = registrations.computeIfPresent(lease, (key, r) -> {
      if (!r.liveAt(now)) {
        ranOut[0] = r;
        return null;
      }
      r.expiresAt = now.plus(grant);
      return r;
    });
    if (ranOut[0] != null) {
      ranOut[0].stop();
    }
    if (renewed == null) {
      if (serviceLeases.containsKey(lease)) {
        throw new IllegalArgumentException(
            "lease " + lease + " is a service entry's: renew it by announcing");
      }
      if (entryLeases.containsKey(lease)) {
        // A SoundSmith renews by beaconing, which also keeps what the directory says about it fresh.
        throw new IllegalArgumentException(
            "lease " + lease + " is a SoundSmith entry's: renew it by beaconing");
      }
      throw unknownLease(lease);
    }
    return new Lease(lease, grant);
  }

  /**
   * Removes every entry and listener registration whose lease has run out by the clock's now,
   * telling listeners of each entry {@code EXPIRED}. One pass over the table, no lock across it.
   *
   * @return how many SoundSmith entries were removed
   */
  public int sweep() {
    if (closed) {
      return 0;
    }
    Instant now = clock.instant();
    int removed = 0;
    for (Entry e : entries.values()) {
      if (!e.liveAt(now) && removeExpired(e.id(), now)) {
        removed++;
      }
    }
    for (ServiceEntry e : services.values()) {
      if (!e.liveAt(now)) {
        services.computeIfPresent(e.beacon().id(), (key, current) -> {
          if (current.liveAt(now)) {
            return current; // renewed since we looked
          }
          serviceLeases.remove(current.lease());
          LOG.log(Level.DEBUG, () -> "service expired: " + current.beacon().kind() + " " + key);
          return null;
        });
      }
    }
    for (Registration r : registrations.values()) {
      if (!r.liveAt(now)) {
        Registration[] gone = new Registration[1];
        registrations.computeIfPresent(r.lease, (key, current) -> {
          if (current.liveAt(now)) {
            return current; // renewed since we looked
          }
          gone[0] = current;
          return null;
        });
        if (gone[0] != null) {
          gone[0].stop();
          LOG.log(Level.DEBUG, () -> "listener lease ran out: " + gone[0]);
        }
      }
    }
    return removed;
  }

  private boolean removeExpired(SoundSmithId id, Instant now) {
    Entry[] removed = new Entry[1];
    entries.computeIfPresent(id, (key, current) -> {
      if (current.liveAt(now)) {
        return current; // renewed since we looked
      }
      entryLeases.remove(current.lease);
      removed[0] = current;
      return null;
    });
    if (removed[0] == null) {
      return false;
    }
    LOG.log(Level.DEBUG, () -> "expired: " + removed[0].info);
    publish(new Departed(id, removed[0].lease, DepartureReason.EXPIRED));
    return true;
  }

  /** How many listener registrations are live (not yet dropped, cancelled or swept). */
  public int listenerCount() {
    return registrations.size();
  }

  /** Whether a listener registration holds this lease (it has not been dropped or swept). */
  public boolean isWatching(LeaseId lease) {
    return registrations.containsKey(lease);
  }

  /**
   * Stops telling listeners (a callback in progress may finish) and refuses further calls. Waits
   * at most {@code bound} for delivery threads to end; a listener stuck in a remote call is
   * left to its daemon thread.
   *
   * @return whether every delivery thread ended within the bound
   */
  public boolean close(Duration bound) {
    closed = true;
    for (Registration r : registrations.values()) {
      r.stop();
    }
    registrations.clear();
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

  // --- for Registration ---------------------------------------------------------------------

  Instant now() {
    return clock.instant();
  }

  /** The entry of {@code id} if its lease still runs at {@code now}, else null. */
  Entry liveEntry(SoundSmithId id, Instant now) {
    Entry e = entries.get(id);
    return e != null && e.liveAt(now) ? e : null;
  }

  List<Entry> liveEntriesById() {
    return liveEntriesById(clock.instant());
  }

  void drop(Registration r, String why) {
    r.stop();
    if (registrations.remove(r.lease, r)) {
      LOG.log(Level.INFO, () -> "dropped " + r + " (" + r.listener.getClass().getName() + "): " + why);
    }
  }

  static String abbreviate(LeaseId lease) {
    // Whoever holds a lease id may cancel it: keep most of it out of logs.
    String v = lease.value();
    return v.length() <= 6 ? v : v.substring(0, 6) + "…";
  }

  // -------------------------------------------------------------------------------------------

  private List<Entry> liveEntriesById(Instant now) {
    List<Entry> live = new ArrayList<>(entries.size());
    for (Entry e : entries.values()) {
      if (e.liveAt(now)) {
        live.add(e);
      }
    }
    live.sort(BY_ID);
    return live;
  }

  private void publish(Notice notice) {
    for (Registration r : registrations.values()) {
      r.offer(notice);
    }
  }

  private Duration grant(Duration requested) {
    checkPositive(requested, "requested lease");
    return requested.compareTo(maxLease) <= 0 ? requested : maxLease;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("directory is closed");
    }
  }

  private static UnknownLeaseException unknownLease(LeaseId lease) {
    return new UnknownLeaseException(lease, "no live lease " + lease + " (it ran out, was cancelled or was never granted)");
  }

  private static Duration checkPositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " <= 0: " + d);
    }
    return d;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

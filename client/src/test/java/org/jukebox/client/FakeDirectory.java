package org.jukebox.client;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.Beacon;
import org.jukebox.api.DepartureReason;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.UnknownLeaseException;

/**
 * A MusicDirectory the test drives by hand: it lists what the test put in, tells registered
 * listeners (over real RMI) when the test says so, and can refuse registrations or forget them.
 */
final class FakeDirectory implements MusicDirectory {
  private final Map<SoundSmithId, SoundSmithEntry> entries = new TreeMap<>();
  private final Map<LeaseId, DirectoryListener> watchers = new ConcurrentHashMap<>();
  private final AtomicInteger leases = new AtomicInteger();
  final AtomicInteger listCalls = new AtomicInteger();
  final AtomicInteger watchCalls = new AtomicInteger();
  final AtomicInteger renewCalls = new AtomicInteger();
  final AtomicInteger cancelCalls = new AtomicInteger();
  volatile boolean refuseWatch;
  volatile Duration grant = Duration.ofSeconds(20);

  /** Lists {@code entry} and tells the listeners it arrived (or changed, when it was listed). */
  void announce(SoundSmithEntry entry) throws RemoteException {
    boolean known;
    synchronized (this) {
      known = entries.put(entry.id(), entry) != null;
    }
    for (DirectoryListener l : List.copyOf(watchers.values())) {
      if (known) {
        l.changed(entry);
      } else {
        l.arrived(entry);
      }
    }
  }

  /** Lists {@code entry} without telling anyone (as if a callback were lost). */
  synchronized void listSilently(SoundSmithEntry entry) {
    entries.put(entry.id(), entry);
  }

  void depart(SoundSmithId id) throws RemoteException {
    synchronized (this) {
      entries.remove(id);
    }
    for (DirectoryListener l : List.copyOf(watchers.values())) {
      l.departed(id, DepartureReason.EXPIRED);
    }
  }

  /** Forgets every listener registration, as if their leases had run out. */
  void forgetWatchers() {
    watchers.clear();
  }

  int watchers() {
    return watchers.size();
  }

  @Override
  public Lease beacon(Beacon beacon, Duration requested) {
    throw new UnsupportedOperationException("not used by clients");
  }

  @Override
  public void cancel(LeaseId lease) throws UnknownLeaseException {
    cancelCalls.incrementAndGet();
    if (watchers.remove(lease) == null) {
      throw new UnknownLeaseException(lease, "no lease " + lease);
    }
  }

  @Override
  public Lease announce(org.jukebox.api.ServiceBeacon beacon, Duration requested) {
    throw new UnsupportedOperationException("services are not faked here");
  }

  @Override
  public List<org.jukebox.api.ServiceBeacon> services(String kind) {
    return List.of();
  }

  @Override
  public synchronized List<SoundSmithEntry> soundSmiths() {
    listCalls.incrementAndGet();
    return new ArrayList<>(entries.values());
  }

  @Override
  public Lease watch(DirectoryListener listener, Duration requested) throws RemoteException {
    watchCalls.incrementAndGet();
    if (refuseWatch) {
      throw new RemoteException("watch refused by the test");
    }
    LeaseId id = new LeaseId("watch-" + leases.incrementAndGet());
    List<SoundSmithEntry> now;
    synchronized (this) {
      now = new ArrayList<>(entries.values());
    }
    for (SoundSmithEntry e : now) {
      listener.arrived(e);
    }
    watchers.put(id, listener);
    return new Lease(id, min(requested, grant));
  }

  @Override
  public Lease renew(LeaseId lease, Duration requested) throws UnknownLeaseException {
    renewCalls.incrementAndGet();
    if (!watchers.containsKey(lease)) {
      throw new UnknownLeaseException(lease, "no lease " + lease);
    }
    return new Lease(lease, min(requested, grant));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

package org.jukebox.soundsmith;

import java.rmi.ConnectException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jukebox.api.Beacon;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.UnknownLeaseException;

/** A MusicDirectory that records beacons, grants at most {@code maxGrant}, and can be "down". */
class FakeDirectory implements MusicDirectory {
  private final Duration maxGrant;
  private final String leaseName;
  private final List<Beacon> beacons = new ArrayList<>();
  private final List<LeaseId> cancelled = new ArrayList<>();
  private volatile boolean down;

  FakeDirectory(Duration maxGrant, String leaseName) {
    this.maxGrant = maxGrant;
    this.leaseName = leaseName;
  }

  void setDown(boolean down) {
    this.down = down;
  }

  synchronized List<Beacon> beacons() {
    return List.copyOf(beacons);
  }

  synchronized List<LeaseId> cancelled() {
    return List.copyOf(cancelled);
  }

  @Override
  public synchronized Lease beacon(Beacon beacon, Duration requested) throws RemoteException {
    if (down) {
      throw new ConnectException("directory down (fake)");
    }
    beacons.add(beacon);
    return new Lease(new LeaseId(leaseName), requested.compareTo(maxGrant) < 0 ? requested : maxGrant);
  }

  @Override
  public synchronized void cancel(LeaseId lease) throws RemoteException, UnknownLeaseException {
    if (down) {
      throw new ConnectException("directory down (fake)");
    }
    cancelled.add(lease);
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
  public List<SoundSmithEntry> soundSmiths() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Lease watch(DirectoryListener listener, Duration requested) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Lease renew(LeaseId lease, Duration requested) {
    throw new UnsupportedOperationException();
  }
}

package org.jukebox.api;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;

/**
 * The registry of live SoundSmiths and other services (DJs, session servers). It holds soft state only: every entry and every listener
 * registration is a {@link Lease} that disappears unless renewed. It never sees songs.
 */
public interface MusicDirectory extends Remote {
  /** The name under which a directory binds itself in the RMI registry on its port. */
  String REGISTRY_NAME = "jukebox/MusicDirectory";

  /**
   * Announces or re-announces a SoundSmith. The first beacon for an id adds an entry; later ones
   * renew its lease and update what it says. The grant may be shorter than asked, never longer.
   *
   * @param requested how long the SoundSmith would like its entry to live; positive
   * @return the lease granted; the same lease id for every beacon of one id while it lives
   */
  Lease beacon(Beacon beacon, Duration requested) throws RemoteException;

  /**
   * Ends a lease now: a SoundSmith entry is removed (listeners are told {@code CANCELLED}), a
   * listener registration is dropped.
   *
   * @throws UnknownLeaseException if no live lease has that id (expired or never granted)
   */
  void cancel(LeaseId lease) throws RemoteException, UnknownLeaseException;

  /**
   * Announces or re-announces a service that is not a SoundSmith (a DJ, a session server). The
   * first announcement of an id adds an entry; later ones renew its lease. The grant may be
   * shorter than asked, never longer. {@link #cancel} ends it.
   *
   * @param requested how long the service would like its entry to live; positive
   * @return the lease granted; the same lease id for every announcement of one id while it lives
   */
  Lease announce(ServiceBeacon beacon, Duration requested) throws RemoteException;

  /** The services of {@code kind} whose leases are live now, ordered by id. */
  List<ServiceBeacon> services(String kind) throws RemoteException;

  /** The SoundSmiths whose leases are live now, ordered by id. */
  List<SoundSmithEntry> soundSmiths() throws RemoteException;

  /**
   * Registers a listener for arrivals, changes and departures, for as long as the lease lasts.
   * The listener is first told of every SoundSmith listed now, as arrivals.
   */
  Lease watch(DirectoryListener listener, Duration requested) throws RemoteException;

  /**
   * Renews a listener registration.
   *
   * @throws UnknownLeaseException if the registration already ran out or was dropped
   */
  Lease renew(LeaseId lease, Duration requested) throws RemoteException, UnknownLeaseException;
}

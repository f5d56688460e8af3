package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.ConnectException;
import java.rmi.NoSuchObjectException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.List;
import org.jukebox.api.Beacon;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SoundSmithEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteLookupTest {
  private final RemoteExporter exporter = RemoteExporter.anyPort();
  private Registry registry;

  @AfterEach
  void tearDown() throws Exception {
    exporter.close();
    if (registry != null) {
      UnicastRemoteObject.unexportObject(registry, true);
    }
  }

  /** A directory with nothing in it; enough to be found and called. */
  static final class EmptyDirectory implements MusicDirectory {
    @Override
    public Lease beacon(Beacon beacon, Duration requested) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancel(LeaseId lease) {
      throw new UnsupportedOperationException();
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
      return List.of();
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

  interface Other extends Remote {
    void ping() throws RemoteException;
  }

  private HostPort startRegistry() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    registry = LocateRegistry.createRegistry(port);
    return HostPort.of("127.0.0.1", port);
  }

  @Test
  void findsTheDirectoryBoundInTheRegistry() throws Exception {
    HostPort address = startRegistry();
    registry.rebind(MusicDirectory.REGISTRY_NAME, exporter.export(new EmptyDirectory()));
    assertEquals(List.of(), RemoteLookup.directory(address).soundSmiths());
  }

  @Test
  void nothingListeningIsAConnectExceptionNamingTheAddress() throws Exception {
    // A bound socket that does not listen holds the port, so connections to it are refused.
    try (Socket holder = new Socket()) {
      holder.bind(new InetSocketAddress("127.0.0.1", 0));
      HostPort address = HostPort.of("127.0.0.1", holder.getLocalPort());
      ConnectException e = assertThrows(ConnectException.class, () -> RemoteLookup.directory(address));
      assertTrue(e.getMessage().startsWith("no RMI registry answers at " + address
          + " (is the MusicDirectory running there?): "), e.getMessage());
    }
  }

  @Test
  void registryWithoutADirectorySaysSo() throws Exception {
    HostPort address = startRegistry();
    NoSuchObjectException e = assertThrows(NoSuchObjectException.class, () -> RemoteLookup.directory(address));
    assertEquals("the RMI registry at " + address + " has nothing bound as jukebox/MusicDirectory", e.getMessage());
  }

  @Test
  void somethingElseBoundUnderTheNameIsRefused() throws Exception {
    HostPort address = startRegistry();
    Other other = () -> { };
    registry.rebind(MusicDirectory.REGISTRY_NAME, exporter.export(other));
    RemoteException e = assertThrows(RemoteException.class, () -> RemoteLookup.directory(address));
    assertTrue(e.getMessage().startsWith("the RMI registry at " + address + " binds jukebox/MusicDirectory to a "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(", not a org.jukebox.api.MusicDirectory"), e.getMessage());
  }
}

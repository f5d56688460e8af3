package org.jukebox.bench;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * The small remote interface the {@code secure-rmi} benchmark calls over plain RMI, SecureRMI and
 * the JDK's SslRMI alike. Public because RMI builds a proxy for it in every JVM that holds a stub.
 */
public interface BenchEcho extends Remote {
  /** Returns {@code text}: the small call whose cost is measured. */
  String echo(String text) throws RemoteException;

  /** The caller as the server sees it ({@code Caller.current()}), to show the secure call is authenticated. */
  String caller() throws RemoteException;
}

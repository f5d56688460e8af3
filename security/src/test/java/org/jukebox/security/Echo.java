package org.jukebox.security;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** A small remote interface for SecureRMI's tests. */
public interface Echo extends Remote {
  /** Returns its argument. */
  String echo(String text) throws RemoteException;

  /** The caller as the server sees it. */
  JukeboxPrincipal whoAmI() throws RemoteException;

  /** Takes anything; used to send objects the serial filter must refuse. */
  int take(Object anything) throws RemoteException;
}

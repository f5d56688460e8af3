package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.rmi.RemoteException;
import org.junit.jupiter.api.function.Executable;

/** Digs the reason out of the RemoteException a refused call fails with. */
final class Refusals {
  private Refusals() {}

  /**
   * The message of the first cause of type {@code type}, other than RMI's own wrappers, of the
   * RemoteException {@code call} throws.
   */
  static String reason(Class<? extends Throwable> type, Executable call) {
    RemoteException e = assertThrows(RemoteException.class, call);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t) && !(t instanceof RemoteException)) {
        return t.getMessage();
      }
    }
    fail("no " + type.getSimpleName() + " in the causes of " + e, e);
    return null;
  }

  /** The reason an authentication or certificate refusal gives. */
  static String refusal(Executable call) {
    return reason(AuthenticationException.class, call);
  }
}

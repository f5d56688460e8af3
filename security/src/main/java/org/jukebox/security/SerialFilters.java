package org.jukebox.security;

import java.io.ObjectInputFilter;

/**
 * Allow-list deserialization filters for every remote object Jukebox exports: only the value
 * types of {@code org.jukebox.api}, the JDK types they are made of, and RMI's own plumbing
 * (stubs, including SecureRMI's client socket factory) may be read from a peer; anything else is
 * rejected before it is instantiated, so its {@code readObject} never runs.
 *
 * <p>Limits per call: graph depth 20, 200,000 object references, 16 MiB of stream, arrays of at
 * most 1,048,576 elements. Arguments of Jukebox's remote methods are small (ids, beacons,
 * listener stubs); big data travels as results (not filtered here: a client trusts the server it
 * authenticated) or over HTTP.
 *
 * <p>The RMI registry and the distributed garbage collector keep the JDK's built-in allow-lists
 * ({@code sun.rmi.registry.registryFilter} and {@code sun.rmi.transport.dgcFilter} are not set,
 * and setting them could only widen what the JDK allows), which admit only RMI's own types.
 */
public final class SerialFilters {
  /** The allow-list pattern, in {@link ObjectInputFilter.Config#createFilter} syntax. */
  public static final String API_PATTERN = String.join(";",
      "maxdepth=20",
      "maxrefs=200000",
      "maxbytes=16777216",
      "maxarray=1048576",
      "org.jukebox.api.*",
      "org.jukebox.security.SecureClientSocketFactory",
      "java.lang.*",
      "java.util.*",
      "java.time.*",
      "java.net.URI",
      "java.rmi.*",
      "java.rmi.server.*",
      "java.lang.reflect.Proxy",
      "jdk.proxy*",
      "com.sun.proxy.*",
      "sun.rmi.server.*",
      "sun.rmi.transport.*",
      "!*");

  private static final ObjectInputFilter API = ObjectInputFilter.Config.createFilter(API_PATTERN);

  private SerialFilters() {}

  /** The filter that admits {@code org.jukebox.api} values and nothing that could be a gadget. */
  public static ObjectInputFilter api() {
    return API;
  }
}

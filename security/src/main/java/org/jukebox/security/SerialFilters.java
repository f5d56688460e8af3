package org.jukebox.security;

import java.io.ObjectInputFilter;

/**
 * Allow-list deserialization filters for every remote object Jukebox exports: only the value
 * types of {@code org.jukebox.api}, the JDK types they are made of, and RMI's own plumbing may
 * be read from a peer; anything else is rejected before it is instantiated.
 */
public final class SerialFilters {
  /** The allow-list pattern, in {@link ObjectInputFilter.Config#createFilter} syntax. */
  public static final String API_PATTERN = String.join(";",
      "maxdepth=20",
      "maxrefs=1000000",
      "maxbytes=67108864",
      "maxarray=16777216",
      "org.jukebox.api.*",
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

/**
 * What crosses a Jukebox process boundary: {@link java.rmi.Remote} interfaces, immutable
 * {@link java.io.Serializable} records and checked domain exceptions. Depends on the JDK only.
 *
 * <p>Records validate eagerly in their compact constructors and throw
 * {@link java.lang.IllegalArgumentException} or {@link java.lang.NullPointerException} with a
 * message naming the bad field, so a malformed value never travels further than the caller
 * that made it. Times on the wire are durations, never instants: clocks differ between hosts.
 */
package org.jukebox.api;

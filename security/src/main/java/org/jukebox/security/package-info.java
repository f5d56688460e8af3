/**
 * SecureRMI: RMI over TLS 1.3 through {@link org.jukebox.security.SecureClientSocketFactory} and
 * a matching server factory, an authentication exchange bound to the channel through the
 * pluggable {@link org.jukebox.security.Authenticator} / {@link org.jukebox.security.Verifier}
 * SPI (mechanisms found with {@link java.util.ServiceLoader}), the caller's identity for server
 * code ({@link org.jukebox.security.Caller#current()}), allow-list serial filters, access
 * policies for SoundSmiths, and {@link org.jukebox.security.RemoteExporter}, the one place
 * Jukebox exports remote objects. Keys and certificates live in {@code org.jukebox.security.pki}.
 */
package org.jukebox.security;

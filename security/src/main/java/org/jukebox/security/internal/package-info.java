/**
 * SecureRMI's machinery: TLS socket factories, the authentication handshake, certificate checks
 * and the built-in mechanisms. Not an API: use {@code org.jukebox.security}.
 */
package org.jukebox.security.internal;

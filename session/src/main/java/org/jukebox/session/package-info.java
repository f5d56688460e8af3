/**
 * Shared listening sessions: {@link org.jukebox.session.SessionServerDaemon} serves
 * {@link org.jukebox.api.SessionServer} over RMI, with its sessions in Derby and uploaded songs in a
 * blob store streamed over HTTP(S).
 */
package org.jukebox.session;

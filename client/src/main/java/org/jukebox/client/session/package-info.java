/**
 * The client's side of shared listening sessions: {@link org.jukebox.client.SessionClient} talks to
 * the directory and the session server; the interfaces here are what the sync engine consumes.
 */
package org.jukebox.client.session;

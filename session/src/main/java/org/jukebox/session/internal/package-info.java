/** The session server's parts: live sessions, per-listener delivery, the Derby store, the blob store. */
package org.jukebox.session.internal;

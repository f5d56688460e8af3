/**
 * The Swing desktop client: {@link org.jukebox.swing.SwingClient} opens a {@link
 * org.jukebox.swing.JukeboxWindow} over a running {@link org.jukebox.client.JukeboxClient}. The
 * panels here implement the view interfaces of {@code org.jukebox.swing.controller} and forward
 * what the user does to the controllers; they never call a remote object, read a file or decode
 * audio on the Event Dispatch Thread. Only this package imports {@code javax.swing} and
 * {@code java.awt} (a test checks it).
 */
package org.jukebox.swing;

/**
 * The MusicDirectory server: {@link org.jukebox.directory.DirectoryServer} serves the soft-state
 * registry of live SoundSmiths over RMI, its registry and directory object on one port.
 */
package org.jukebox.directory;

/**
 * The {@code jukebox} command: every daemon, the all-in-one demo and the terminal client.
 */
package org.jukebox.app;

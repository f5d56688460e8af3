/**
 * The JUnit 5 extension that boots Jukebox components in-process on loopback for tests: a
 * directory and SoundSmiths, with kill and restart.
 */
package org.jukebox.testkit;

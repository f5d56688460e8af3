/**
 * The Swing desktop client. Built under a later issue; this module holds only its place in the reactor for now.
 */
package org.jukebox.swing;

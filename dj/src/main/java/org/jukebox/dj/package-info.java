/**
 * The DJ service: learns what each user likes and picks songs. Built under a later issue; this module holds only its place in the reactor for now.
 */
package org.jukebox.dj;

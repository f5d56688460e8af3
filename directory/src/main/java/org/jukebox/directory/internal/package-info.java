/**
 * The directory's lease table and listener delivery, free of RMI plumbing; not for use outside
 * the {@code directory} module.
 */
package org.jukebox.directory.internal;

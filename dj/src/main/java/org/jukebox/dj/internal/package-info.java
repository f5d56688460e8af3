/**
 * The DJ's insides: the in-memory {@code Model} (profiles in primitive arrays), the recommenders
 * ({@code ItemNeighbours}, {@code Als}), the Derby {@code DjStore} with its migrations, and the
 * remote object {@code DjService} that checks callers and input. Not for use outside the module.
 */
package org.jukebox.dj.internal;

/**
 * The DJ service: learns what each user likes from listening events and picks their next songs.
 *
 * <p>{@link org.jukebox.dj.DjServer} serves a {@link org.jukebox.api.DiscJockey} over RMI with a
 * Derby store; {@link org.jukebox.dj.DjEngine} is the same learning and selection in-process (for
 * evaluation and benchmarks); {@link org.jukebox.dj.DjRules} holds every weight and limit. The
 * rules, with worked examples, are in {@code docs/DJ.md}: event weights (early skip -1, finish
 * +1, like +3, rating (score - 3) * 1.5, ...), summed per user and song with a 90-day half-life;
 * selection interleaves 3 favourites with 2 discoveries, never repeats the caller's recent songs,
 * then falls back to popularity and random picks; discoveries come from item-based neighbours
 * (binary cosine) or Hu-Koren-Volinsky implicit ALS.
 */
package org.jukebox.dj;

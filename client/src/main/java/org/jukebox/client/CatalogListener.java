package org.jukebox.client;

import java.util.List;
import org.jukebox.api.SoundSmithInfo;

/**
 * Observes the merged catalog of a {@link JukeboxClient}. Calls come one at a time, in order, on
 * the client's event thread, never on the caller's; a listener that throws is logged and kept.
 * Every method has an empty default so implementations pick what they need.
 */
public interface CatalogListener {
  /** The set of live SoundSmiths, or what one of them says about itself, changed. */
  default void soundSmithsChanged(List<SoundSmithInfo> live) {}

  /** Songs appeared, changed or went away. */
  default void catalogChanged(CatalogChange change) {}
}

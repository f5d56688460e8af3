package org.jukebox.api;

import java.io.Serializable;
import java.util.List;

/**
 * A read-only view of one user's DJ profile.
 *
 * @param user whose profile
 * @param published whether other principals may read it
 * @param preferences the strongest preferences, strongest likes first
 */
public record ProfileView(String user, boolean published, List<Preference> preferences) implements Serializable {
  public ProfileView {
    Checks.notBlank(user, "user");
    preferences = List.copyOf(preferences);
  }
}

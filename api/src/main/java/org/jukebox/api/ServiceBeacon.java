package org.jukebox.api;

import java.io.Serializable;
import java.rmi.Remote;
import java.util.Objects;

/**
 * What a DJ or a session server tells the MusicDirectory each time it announces itself. Like a
 * SoundSmith's {@link Beacon} it is soft state: the entry lives as long as its lease.
 *
 * @param id its identity; one entry per id
 * @param kind what it is, for example {@link DiscJockey#SERVICE_KIND}; clients look services up
 *     by kind
 * @param name a human-readable name
 * @param service the remote reference clients call; cast it to the interface its kind names
 */
public record ServiceBeacon(ServiceId id, String kind, String name, Remote service) implements Serializable {
  public ServiceBeacon {
    Objects.requireNonNull(id, "id");
    Checks.token(kind, "kind", 32);
    Checks.notBlank(name, "name");
    Objects.requireNonNull(service, "service");
  }
}

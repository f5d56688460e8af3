package org.jukebox.api;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A capability to fetch one song's audio once over HTTP: GET {@code url} (Range requests
 * allowed) before {@code validFor} has passed since it was issued. The URL holds an
 * unguessable token and never a file path.
 *
 * @param song the song it opens
 * @param url where to GET the audio
 * @param validFor how long after issue the ticket can still be used, if unused
 * @param contentType media type of the audio
 * @param length bytes of audio behind the URL
 */
public record StreamTicket(SongId song, URI url, Duration validFor, String contentType, long length)
    implements Serializable {
  public StreamTicket {
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(url, "url");
    Checks.positive(validFor, "validFor");
    Checks.notBlank(contentType, "contentType");
    Checks.notNegative(length, "length");
  }

  @Override
  public String toString() {
    // The URL is a bearer capability: keep it out of logs.
    return "StreamTicket[" + song + ", " + contentType + ", " + length + " bytes]";
  }
}

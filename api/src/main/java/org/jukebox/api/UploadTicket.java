package org.jukebox.api;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * A capability to upload one song into a session's blob store once: {@code PUT} exactly the
 * announced bytes to {@code url} before {@code validFor} has passed. The server answers
 * {@code 201} with the entry number as the body once the song is stored and added to the playlist;
 * {@code 413} if the body is larger than announced or than the server's cap; {@code 415} if it is
 * not audio of the announced type (checked before anything is stored); {@code 410} if the ticket
 * was used or has expired.
 *
 * @param url where to PUT the audio; holds an unguessable token
 * @param validFor how long after issue it can be used
 */
public record UploadTicket(URI url, java.time.Duration validFor) implements Serializable {
  public UploadTicket {
    Objects.requireNonNull(url, "url");
    Checks.positive(validFor, "validFor");
  }

  @Override
  public String toString() {
    // The URL is a bearer capability: keep it out of logs.
    return "UploadTicket[valid for " + validFor + "]";
  }
}

package org.jukebox.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownSongException;
import org.jukebox.client.ServedSong;

/**
 * Opens a song's audio: asks its SoundSmith for a ticket over RMI, then GETs the ticket's URL,
 * from byte {@code offset} on with a Range request. Every failure becomes a
 * {@link PlaybackException} whose message names the SoundSmith and says what went wrong.
 *
 * <p>Thread-safe.
 */
public final class StreamOpener {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-\\d+/(\\d+|\\*)");

  private final HttpClient http;
  private final Duration headerTimeout;

  public StreamOpener(HttpClient http, Duration headerTimeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.headerTimeout = Objects.requireNonNull(headerTimeout, "headerTimeout");
  }

  /** A response body and where in the song it starts. */
  public record Opened(StreamTicket ticket, long startOffset, InputStream body) {}

  /**
   * Opens the song's audio from {@code offset}.
   *
   * @throws PlaybackException if the SoundSmith cannot be reached, refuses, or the HTTP fetch fails
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public Opened open(ServedSong s, long offset) throws PlaybackException, InterruptedException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    String who = "SoundSmith " + s.serverLabel();
    StreamTicket ticket;
    try {
      ticket = s.soundSmith().openStream(s.song().id());
    } catch (RemoteException e) {
      throw new PlaybackException(who + " cannot be reached (" + reason(e) + ")", e);
    } catch (UnknownSongException e) {
      throw new PlaybackException(who + " no longer serves it", e);
    } catch (AccessDeniedException e) {
      throw new PlaybackException(who + " refused to stream it (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      throw new PlaybackException(who + " failed to issue a ticket (" + e + ")", e);
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(ticket.url()).timeout(headerTimeout).GET();
    if (offset > 0) {
      req.header("Range", "bytes=" + offset + "-");
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new PlaybackException("cannot fetch the stream from " + who + " (" + reason(e) + ")", e);
    }
    int status = resp.statusCode();
    InputStream body = resp.body();
    try {
      if (status == 206) {
        long start = offset;
        Matcher m = CONTENT_RANGE.matcher(resp.headers().firstValue("Content-Range").orElse(""));
        if (m.matches()) {
          start = Long.parseLong(m.group(1));
        }
        return new Opened(ticket, start, body);
      }
      if (status == 200) {
        if (offset > 0) {
          // The server ignored the Range header: skip to the offset ourselves.
          body.skipNBytes(offset);
        }
        return new Opened(ticket, offset, body);
      }
      if (status == 416) {
        body.close();
        return new Opened(ticket, offset, InputStream.nullInputStream());
      }
    } catch (IOException e) {
      closeQuietly(body);
      throw new PlaybackException("lost the stream from " + who + " (" + reason(e) + ")", e);
    }
    closeQuietly(body);
    throw new PlaybackException(who + " answered HTTP " + status + " for its ticket"
        + (status == 410 ? " (ticket used or expired)" : ""));
  }

  /** The most telling message of an exception chain, for users. */
  public static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing to release
    }
  }
}

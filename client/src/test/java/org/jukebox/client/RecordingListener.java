package org.jukebox.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jukebox.api.Song;

/** Keeps every player event as text ("started Title", "ended Title COMPLETED", ...) and the raw errors. */
final class RecordingListener implements PlayerListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<String> errors = new CopyOnWriteArrayList<>();
  final List<Duration> positions = new CopyOnWriteArrayList<>();
  volatile Consumer<Song> onStarted = s -> {};

  @Override
  public void stateChanged(PlayerState state) {
    events.add("state " + state);
  }

  @Override
  public void songStarted(Song song) {
    onStarted.accept(song);
    events.add("started " + song.title());
  }

  @Override
  public void songEnded(Song song, SongEnd how, Duration position) {
    events.add("ended " + song.title() + " " + how);
  }

  @Override
  public void positionChanged(Song song, Duration position) {
    positions.add(position);
  }

  @Override
  public void error(String message) {
    errors.add(message);
    events.add("error");
  }

  boolean saw(String event) {
    return events.contains(event);
  }
}

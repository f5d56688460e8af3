package org.jukebox.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jukebox.api.Song;

/**
 * An ordered list of songs with a current position, repeat and shuffle. The same song may be in
 * it more than once.
 *
 * <p>Shuffle picks at random among the songs not yet played in this round, so a song never
 * follows itself and every song plays once before any plays twice; with {@link Repeat#ALL} a new
 * round starts when all have played. The next pick is made once and kept ({@link #peekNext()}
 * and {@link #next()} agree), so the player can prefetch it.
 *
 * <p>Thread-safe.
 */
public final class Playlist {
  /** Identity of one place in the list, so duplicates and moves are told apart. */
  private static final class Entry {
    final Song song;

    Entry(Song song) {
      this.song = song;
    }
  }

  private final Random random;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<Entry> playedThisRound = new HashSet<>();
  private final Deque<Entry> history = new ArrayDeque<>();
  private final List<PlaylistListener> listeners = new CopyOnWriteArrayList<>();
  private Entry current;
  /** Where {@link #next()} goes when there is no current entry (it was removed, or the end was reached). */
  private int resumeAt;
  private Entry upcoming;
  private Repeat repeat = Repeat.OFF;
  private boolean shuffle;

  Playlist(Random random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** An empty playlist; shuffle draws from a new {@link Random}. */
  public static Playlist create() {
    return new Playlist(new Random());
  }

  /** An empty playlist whose shuffle draws from {@code random} (seed it for repeatable tests). */
  public static Playlist create(Random random) {
    return new Playlist(random);
  }

  /** Appends a song. */
  public void add(Song song) {
    Objects.requireNonNull(song, "song");
    synchronized (this) {
      entries.add(new Entry(song));
    }
    changed();
  }

  /** Appends songs in order. */
  public void addAll(Collection<Song> songs) {
    List<Entry> add = new ArrayList<>();
    for (Song s : songs) {
      add.add(new Entry(Objects.requireNonNull(s, "song")));
    }
    synchronized (this) {
      entries.addAll(add);
    }
    changed();
  }

  /**
   * Removes the song at {@code index} and returns it; if it was current, nothing is current and
   * {@link #next()} goes on with the song that took its place.
   *
   * @throws IndexOutOfBoundsException if there is no such index
   */
  public Song remove(int index) {
    Entry e;
    synchronized (this) {
      Objects.checkIndex(index, entries.size());
      e = entries.remove(index);
      playedThisRound.remove(e);
      history.removeIf(h -> h == e);
      if (upcoming == e) {
        upcoming = null;
      }
      if (current == e) {
        current = null;
        resumeAt = index;
      } else if (current == null && resumeAt > index) {
        resumeAt--;
      }
    }
    changed();
    return e.song;
  }

  /**
   * Moves the song at {@code from} to {@code to}, shifting those in between.
   *
   * @throws IndexOutOfBoundsException if either index is out of range
   */
  public void move(int from, int to) {
    synchronized (this) {
      Objects.checkIndex(from, entries.size());
      Objects.checkIndex(to, entries.size());
      entries.add(to, entries.remove(from));
      if (!shuffle) {
        upcoming = null;
      }
    }
    changed();
  }

  /** Removes every song; nothing is current. */
  public void clear() {
    synchronized (this) {
      entries.clear();
      playedThisRound.clear();
      history.clear();
      current = null;
      upcoming = null;
      resumeAt = 0;
    }
    changed();
  }

  /** The songs in order. */
  public synchronized List<Song> songs() {
    return entries.stream().map(e -> e.song).toList();
  }

  /** How many songs there are. */
  public synchronized int size() {
    return entries.size();
  }

  /** Whether there are no songs. */
  public synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Index of the current song, or -1 when none is current. */
  public synchronized int currentIndex() {
    return current == null ? -1 : entries.indexOf(current);
  }

  /** The current song, if any. */
  public synchronized Optional<Song> current() {
    return current == null ? Optional.empty() : Optional.of(current.song);
  }

  /**
   * Makes the song at {@code index} current and returns it.
   *
   * @throws IndexOutOfBoundsException if there is no such index
   */
  public Song select(int index) {
    Song s;
    synchronized (this) {
      Objects.checkIndex(index, entries.size());
      moveTo(entries.get(index));
      s = current.song;
    }
    changed();
    return s;
  }

  /** The song {@link #next()} would make current, without moving; empty at the end. */
  public synchronized Optional<Song> peekNext() {
    Entry e = upcomingEntry();
    return e == null ? Optional.empty() : Optional.of(e.song);
  }

  /**
   * Moves to the next song (in order, or at random with shuffle) and returns it; at the end,
   * with repeat off, nothing is current any more and the result is empty.
   */
  public Optional<Song> next() {
    Optional<Song> result;
    synchronized (this) {
      Entry e = upcomingEntry();
      if (e == null) {
        if (current != null) {
          history.push(current);
        }
        current = null;
        resumeAt = 0;
        playedThisRound.clear();
        result = Optional.empty();
      } else {
        moveTo(e);
        result = Optional.of(e.song);
      }
    }
    changed();
    return result;
  }

  /**
   * Moves back: to the song before the current one in order, or with shuffle to the one played
   * before it. At the start (with repeat off, or no history) the first or current song stays.
   * Returns the song now current.
   */
  public Optional<Song> previous() {
    Optional<Song> result;
    synchronized (this) {
      if (entries.isEmpty()) {
        return Optional.empty();
      }
      Entry target;
      if (shuffle) {
        target = history.isEmpty() ? (current != null ? current : entries.get(0)) : history.pop();
      } else {
        int i = current == null ? resumeAt : entries.indexOf(current);
        i--;
        if (i < 0) {
          i = repeat == Repeat.ALL ? entries.size() - 1 : 0;
        }
        target = entries.get(Math.min(i, entries.size() - 1));
      }
      current = target;
      upcoming = null;
      result = Optional.of(target.song);
    }
    changed();
    return result;
  }

  /** What happens after the last song. */
  public synchronized Repeat repeat() {
    return repeat;
  }

  /** Sets what happens after the last song. */
  public void setRepeat(Repeat repeat) {
    synchronized (this) {
      this.repeat = Objects.requireNonNull(repeat, "repeat");
      upcoming = null;
    }
    changed();
  }

  /** Whether the next song is picked at random. */
  public synchronized boolean shuffle() {
    return shuffle;
  }

  /** Turns random selection on or off; turning it on starts a new round. */
  public void setShuffle(boolean shuffle) {
    synchronized (this) {
      if (this.shuffle != shuffle) {
        this.shuffle = shuffle;
        upcoming = null;
        playedThisRound.clear();
        if (current != null) {
          playedThisRound.add(current);
        }
      }
    }
    changed();
  }

  /** Adds an observer; see {@link PlaylistListener} for threading. */
  public void addListener(PlaylistListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes an observer added before. */
  public void removeListener(PlaylistListener listener) {
    listeners.remove(listener);
  }

  private void moveTo(Entry e) {
    if (current != null && current != e) {
      history.push(current);
      if (history.size() > 1000) {
        history.removeLast();
      }
    }
    current = e;
    upcoming = null;
    playedThisRound.add(e);
  }

  /** The entry next() would move to, chosen once and kept until it is consumed or invalid. */
  private Entry upcomingEntry() {
    if (upcoming != null && entries.contains(upcoming)) {
      return upcoming;
    }
    upcoming = shuffle ? pickShuffled() : pickInOrder();
    return upcoming;
  }

  private Entry pickInOrder() {
    if (entries.isEmpty()) {
      return null;
    }
    int i = current == null ? resumeAt : entries.indexOf(current) + 1;
    if (i >= entries.size()) {
      if (repeat == Repeat.OFF) {
        return null;
      }
      i = 0;
    }
    return entries.get(i);
  }

  private Entry pickShuffled() {
    if (entries.isEmpty()) {
      return null;
    }
    List<Entry> candidates = new ArrayList<>();
    for (Entry e : entries) {
      if (!playedThisRound.contains(e) && !sameSong(e, current)) {
        candidates.add(e);
      }
    }
    if (candidates.isEmpty()) {
      if (repeat == Repeat.OFF) {
        return null;
      }
      // New round: everything again. The song that just played may come back later in the
      // round, just not right now.
      playedThisRound.clear();
      for (Entry e : entries) {
        if (!sameSong(e, current)) {
          candidates.add(e);
        }
      }
      if (candidates.isEmpty()) {
        return current != null ? current : entries.get(0); // only one song: it can only repeat
      }
    }
    return candidates.get(random.nextInt(candidates.size()));
  }

  /** A duplicate of the current song counts as the current song: it must not follow itself. */
  private static boolean sameSong(Entry e, Entry current) {
    return current != null && (e == current || e.song.id().equals(current.song.id()));
  }

  private void changed() {
    for (PlaylistListener l : listeners) {
      l.playlistChanged(this);
    }
  }
}

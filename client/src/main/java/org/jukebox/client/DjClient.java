package org.jukebox.client;

import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.EventKind;
import org.jukebox.api.InvalidEventException;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.Pick;
import org.jukebox.api.ProfileView;
import org.jukebox.api.RateLimitedException;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;

/**
 * The client's side of the DJ: finds a DJ (through the directory, or a given stub), reports
 * listening events in the background, and asks for the next songs.
 *
 * <p>{@link #report} never blocks: events go into a bounded queue (the newest are dropped, and
 * counted, when it is full) that a background thread sends in batches, keeping their times as
 * durations ({@code ago}) so the DJ's clock need not agree with ours. A failed send is retried
 * later, after looking the DJ up again; a batch the DJ refuses as invalid is dropped and logged.
 * {@link #close()} sends what is queued (bounded) and stops.
 *
 * <p>Thread-safe.
 */
public final class DjClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DjClient.class.getName());
  /** How long {@link #nextSongs} waits for queued events to reach the DJ before asking it. */
  public static final Duration FLUSH_BEFORE_ASKING = Duration.ofMillis(500);

  /** Finds the DJ to talk to. */
  @FunctionalInterface
  public interface DjLookup {
    /**
     * A DJ's stub.
     *
     * @throws RemoteException if it cannot be reached
     * @throws NotBoundException if there is none (yet)
     */
    DiscJockey lookup() throws RemoteException, NotBoundException;
  }

  /** The first DJ the directory lists ({@link MusicDirectory#services} of kind {@value DiscJockey#SERVICE_KIND}). */
  public static DjLookup viaDirectory(DirectoryLookup directory) {
    Objects.requireNonNull(directory, "directory");
    return () -> {
      List<ServiceBeacon> djs = directory.lookup().services(DiscJockey.SERVICE_KIND);
      if (djs.isEmpty()) {
        throw new NotBoundException("the directory lists no DJ");
      }
      if (!(djs.get(0).service() instanceof DiscJockey dj)) {
        throw new NotBoundException("the directory's DJ entry " + djs.get(0).id() + " is not a DiscJockey");
      }
      return dj;
    };
  }

  /** Always this stub. */
  public static DjLookup of(DiscJockey dj) {
    Objects.requireNonNull(dj, "dj");
    return () -> dj;
  }

  private record Queued(ListeningEvent event, Instant at) {}

  private final DjLookup lookup;
  private final Clock clock;
  private final int capacity;
  private final int batchSize;
  private final Duration interval;
  private final ScheduledExecutorService sender;
  private final Object lock = new Object();
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile DiscJockey dj;
  private boolean sendScheduled;
  private boolean closed;
  private boolean warnedFull;

  private DjClient(Builder b) {
    this.lookup = b.lookup;
    this.clock = b.clock;
    this.capacity = b.capacity;
    this.batchSize = b.batchSize;
    this.interval = b.interval;
    this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jukebox-dj-reporter");
      t.setDaemon(true);
      return t;
    });
  }

  /** A builder for a client of the DJ {@code lookup} finds. */
  public static Builder builder(DjLookup lookup) {
    return new Builder(lookup);
  }

  /**
   * Queues an event that happened just now; never blocks. Dropped (and counted in
   * {@link #dropped()}) when the queue is full or the client is closed.
   */
  public void report(ListeningEvent event) {
    Objects.requireNonNull(event, "event");
    Instant at = clock.instant().minus(event.ago());
    synchronized (lock) {
      if (closed || queue.size() >= capacity) {
        dropped.incrementAndGet();
        if (!closed && !warnedFull) {
          warnedFull = true;
          LOG.log(System.Logger.Level.WARNING, "DJ report queue full (" + capacity + " events): dropping new events");
        }
        return;
      }
      queue.addLast(new Queued(event, at));
      if (!sendScheduled) {
        sendScheduled = true;
        long delay = queue.size() >= batchSize ? 0 : interval.toNanos();
        sender.schedule(this::sendQuietly, delay, TimeUnit.NANOSECONDS);
      } else if (queue.size() == batchSize) {
        sender.execute(this::sendQuietly);
      }
    }
  }

  /** Reports "like" for a song now. */
  public void like(SongId song) {
    report(ListeningEvent.of(song, EventKind.LIKED, Duration.ZERO));
  }

  /** Reports "dislike" for a song now. */
  public void dislike(SongId song) {
    report(ListeningEvent.of(song, EventKind.DISLIKED, Duration.ZERO));
  }

  /**
   * Reports a score of 1 (worst) to 5 (best) for a song now.
   *
   * @throws IllegalArgumentException if the score is not in 1..5
   */
  public void rate(SongId song, int score) {
    report(ListeningEvent.rated(song, score));
  }

  /** A {@link PlayerListener} that reports what a player does; add it with {@link Player#addListener}. */
  public DjReporter reporter() {
    return new DjReporter(this::report, clock);
  }

  /**
   * Up to {@code n} songs to play next by {@code taste}, drawn from {@code available}. Sends the
   * events still queued first (waiting at most {@link #FLUSH_BEFORE_ASKING}), so that the DJ
   * knows what was just played and does not pick it again.
   *
   * @throws JukeboxException as {@link DiscJockey#nextSongs} (a profile not published)
   * @throws RemoteException if no DJ can be reached
   */
  public List<Pick> nextSongs(Taste taste, List<SongId> available, int n) throws RemoteException, JukeboxException {
    if (queued() > 0) {
      flush(FLUSH_BEFORE_ASKING);
    }
    return call(d -> d.nextSongs(taste, available, n));
  }

  /** Up to {@code n} of the catalog's songs for the caller's own taste. */
  public List<Pick> nextSongs(List<Song> catalog, int n) throws RemoteException, JukeboxException {
    return nextSongs(Taste.own(), catalog.stream().map(Song::id).toList(), n);
  }

  /** A profile: the caller's own or a published one. */
  public ProfileView profile(String user, int top) throws RemoteException, JukeboxException {
    return call(d -> d.profile(user, top));
  }

  /** Publishes the caller's profile read-only, or takes it private again. */
  public void publish(boolean published) throws RemoteException, JukeboxException {
    call(d -> {
      d.publish(published);
      return null;
    });
  }

  /** The users whose profiles are published. */
  public List<String> publishedProfiles() throws RemoteException, JukeboxException {
    return call(DiscJockey::publishedProfiles);
  }

  private interface Call<T> {
    T on(DiscJockey dj) throws RemoteException, JukeboxException;
  }

  /** Calls the DJ, looking it up again once if the stub we hold fails to connect. */
  private <T> T call(Call<T> c) throws RemoteException, JukeboxException {
    DiscJockey d = dj();
    try {
      return c.on(d);
    } catch (java.rmi.ConnectException | java.rmi.NoSuchObjectException e) {
      dj = null;
      return c.on(dj());
    }
  }

  private DiscJockey dj() throws RemoteException {
    DiscJockey d = dj;
    if (d == null) {
      try {
        d = lookup.lookup();
      } catch (NotBoundException e) {
        throw new RemoteException("no DJ found: " + e.getMessage());
      }
      dj = d;
    }
    return d;
  }

  private void sendQuietly() {
    try {
      sendAll();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "DJ reporting failed", e);
      reschedule(interval);
    }
  }

  /** Sends batches until the queue is empty or a send fails (then retries later). */
  private boolean sendAll() {
    while (true) {
      List<Queued> batch;
      synchronized (lock) {
        if (queue.isEmpty()) {
          sendScheduled = false;
          return true;
        }
        batch = new ArrayList<>(Math.min(batchSize, queue.size()));
        for (int i = 0; i < batchSize && !queue.isEmpty(); i++) {
          batch.add(queue.pollFirst());
        }
      }
      Instant now = clock.instant();
      List<ListeningEvent> events = new ArrayList<>(batch.size());
      for (Queued q : batch) {
        Duration ago = Duration.between(q.at(), now);
        events.add(q.event().ago(ago.isNegative() ? Duration.ZERO : ago));
      }
      try {
        dj().report(events);
        sent.addAndGet(events.size());
      } catch (InvalidEventException e) {
        refused.addAndGet(events.size());
        LOG.log(System.Logger.Level.WARNING, "the DJ refused " + events.size() + " events: " + e.getMessage());
      } catch (RateLimitedException e) {
        putBack(batch);
        reschedule(interval);
        return false;
      } catch (JukeboxException e) {
        // Not allowed (anonymous), or the DJ could not store them: keep them for later.
        LOG.log(System.Logger.Level.WARNING, "the DJ did not take " + events.size() + " events: " + e.getMessage());
        putBack(batch);
        reschedule(interval);
        return false;
      } catch (RemoteException e) {
        dj = null;
        LOG.log(System.Logger.Level.DEBUG, "DJ unreachable, will retry: " + e.getMessage());
        putBack(batch);
        reschedule(interval);
        return false;
      }
    }
  }

  private void putBack(List<Queued> batch) {
    synchronized (lock) {
      for (int i = batch.size() - 1; i >= 0; i--) {
        queue.addFirst(batch.get(i));
      }
      while (queue.size() > capacity) {
        queue.pollLast();
        dropped.incrementAndGet();
      }
    }
  }

  private void reschedule(Duration delay) {
    synchronized (lock) {
      if (closed) {
        sendScheduled = false;
        return;
      }
      sendScheduled = true;
      sender.schedule(this::sendQuietly, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Sends everything queued now and waits for it, at most {@code bound}.
   *
   * @return whether the queue was emptied in time
   */
  public boolean flush(Duration bound) {
    java.util.concurrent.Future<Boolean> f = sender.submit(this::sendAll);
    try {
      return f.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.log(System.Logger.Level.WARNING, "DJ flush failed", e.getCause());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Events the DJ accepted. */
  public long sent() {
    return sent.get();
  }

  /** Events dropped because the queue was full (or the client closed). */
  public long dropped() {
    return dropped.get();
  }

  /** Events the DJ refused as invalid. */
  public long refused() {
    return refused.get();
  }

  /** Events waiting to be sent. */
  public int queued() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** Sends what is queued (within 3 seconds), then stops. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    if (!flush(Duration.ofSeconds(3))) {
      LOG.log(System.Logger.Level.WARNING, "DJ client closed with " + queued() + " events unsent");
    }
    synchronized (lock) {
      closed = true;
    }
    sender.shutdownNow();
  }

  /** Configures a {@link DjClient}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final DjLookup lookup;
    private Clock clock = Clock.systemUTC();
    private int capacity = 10_000;
    private int batchSize = 200;
    private Duration interval = Duration.ofSeconds(1);

    private Builder(DjLookup lookup) {
      this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** The clock event times are taken from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Most events held while the DJ is slow or away.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity < 1: " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * Most events per report call (the DJ takes at most 1000).
     *
     * @throws IllegalArgumentException if not in 1..1000
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 1000) {
        throw new IllegalArgumentException("batchSize not in 1..1000: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * How long an event may wait for companions before it is sent, and the retry delay.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval <= 0: " + interval);
      }
      this.interval = interval;
      return this;
    }

    public DjClient build() {
      return new DjClient(this);
    }
  }
}

package org.jukebox.dj.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.InvalidEventException;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Pick;
import org.jukebox.api.ProfileView;
import org.jukebox.api.RateLimitedException;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.dj.DjRules;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;

/**
 * The DiscJockey remote object: checks who calls and what they send, stores events durably,
 * then updates the in-memory {@link Model}. Privacy is decided here, on every path: only the
 * caller's own events reach its profile; another user's profile is used or shown only if
 * published, and the refusal for a private profile and for one that does not exist is the same.
 *
 * <p>Thread-safe.
 */
public final class DjService implements DiscJockey {
  /** Most preferences a profile view holds. */
  public static final int MAX_TOP = 1_000;
  /** Most songs one nextSongs call may pick. */
  public static final int MAX_PICKS = 1_000;
  /** Most songs one nextSongs call may offer. */
  public static final int MAX_AVAILABLE = 1_000_000;
  /** Events older than this are refused: the clocks must be wildly wrong. */
  static final Duration MAX_AGO = Duration.ofDays(3650);

  private final Model model;
  private final DjStore store;
  private final Clock clock;
  private final DjRules rules;
  private final TokenBuckets buckets;
  private final LongConsumer afterReport;
  private final Object writes = new Object();

  /**
   * @param afterReport told how many events the model has taken since training after every report
   *     (the server retrains in the background when enough came in)
   */
  public DjService(Model model, DjStore store, LongConsumer afterReport) {
    this.model = Objects.requireNonNull(model, "model");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = model.clock();
    this.rules = model.rules();
    this.buckets = new TokenBuckets(rules.eventsPerSecond(), rules.burst(), clock);
    this.afterReport = Objects.requireNonNull(afterReport, "afterReport");
  }

  /** Replays the stored history into the model; returns the number of events. */
  public long load() throws SQLException {
    long n = store.replay(e -> model.apply(toModel(e)));
    for (var p : store.profiles().entrySet()) {
      model.setPublished(p.getKey(), p.getValue());
    }
    return n;
  }

  private Model.Event toModel(DjStore.StoredEvent e) {
    double fraction = e.lengthMs() > 0 ? Math.min(1.0, (double) e.positionMs() / e.lengthMs()) : Double.NaN;
    double w = rules.weight(e.kind(), fraction, Duration.ofMillis(e.positionMs()), e.score());
    return new Model.Event(e.user(), new SongId(e.song()), e.kind(), w, e.atMs());
  }

  @Override
  public void report(List<ListeningEvent> events) throws JukeboxException {
    JukeboxPrincipal caller = Caller.requireAuthenticated("report events");
    Objects.requireNonNull(events, "events");
    int n = events.size();
    if (n == 0) {
      return;
    }
    if (n > rules.maxBatch()) {
      throw new InvalidEventException("a batch of " + n + " events; at most " + rules.maxBatch() + " per call");
    }
    long now = clock.millis();
    List<DjStore.StoredEvent> stored = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ListeningEvent e = events.get(i);
      if (e == null) {
        throw new InvalidEventException("event " + (i + 1) + " of " + n + " is null");
      }
      stored.add(validate(caller.name(), e, i, n, now));
    }
    long waitMs = buckets.take(caller.name(), n);
    if (waitMs > 0) {
      throw new RateLimitedException(caller.name() + " may report at most " + formatRate(rules.eventsPerSecond())
          + " events a second (bursts of " + rules.burst() + "); try again in " + waitMs + " ms");
    }
    List<Model.Event> applied = new ArrayList<>(n);
    for (DjStore.StoredEvent s : stored) {
      applied.add(toModel(s));
    }
    synchronized (writes) {
      try {
        store.append(stored, now);
      } catch (SQLException ex) {
        throw new JukeboxException("the DJ could not store the events: " + DjStore.describe(ex));
      }
      model.applyAll(applied);
    }
    afterReport.accept(model.sinceTraining());
  }

  private static String formatRate(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }

  private DjStore.StoredEvent validate(String user, ListeningEvent e, int i, int n, long now)
      throws InvalidEventException {
    String which = "event " + (i + 1) + " of " + n + " (" + e.kind() + " " + e.song() + ")";
    if (e.ago().isNegative()) {
      throw new InvalidEventException("event from the future: " + which + " is dated " + e.ago().negated()
          + " after the report");
    }
    if (e.ago().compareTo(MAX_AGO) > 0) {
      throw new InvalidEventException("event too old: " + which + " happened " + e.ago() + " ago; at most "
          + MAX_AGO + " is believed");
    }
    if (e.position().isNegative()) {
      throw new InvalidEventException("negative position: " + which + " at " + e.position());
    }
    if (e.length().isNegative()) {
      throw new InvalidEventException("negative length: " + which + " of a song " + e.length() + " long");
    }
    if (!e.length().isZero() && e.position().compareTo(e.length().plus(rules.positionSlack())) > 0) {
      throw new InvalidEventException("position past the end: " + which + " at " + e.position()
          + " of a song " + e.length() + " long");
    }
    if (e.length().isZero() && e.position().compareTo(MAX_AGO) > 0) {
      throw new InvalidEventException("absurd position: " + which + " at " + e.position());
    }
    return new DjStore.StoredEvent(user, e.song().value(), e.kind(), e.position().toMillis(), e.length().toMillis(),
        e.score(), now - e.ago().toMillis());
  }

  @Override
  public List<Pick> nextSongs(Taste taste, List<SongId> available, int n) throws JukeboxException {
    Objects.requireNonNull(taste, "taste");
    Objects.requireNonNull(available, "available");
    if (n < 0) {
      throw new IllegalArgumentException("n < 0: " + n);
    }
    if (n > MAX_PICKS) {
      throw new IllegalArgumentException("n > " + MAX_PICKS + ": " + n);
    }
    if (available.size() > MAX_AVAILABLE) {
      throw new IllegalArgumentException("more than " + MAX_AVAILABLE + " available songs: " + available.size());
    }
    JukeboxPrincipal caller = Caller.current();
    for (String user : taste.users()) {
      checkReadable(caller, user, "use the profile of ");
    }
    return model.select(caller.isAnonymous() ? "" : caller.name(),
        taste.users().isEmpty() && caller.isAnonymous() ? List.of("") : taste.users(), taste.blend(), available, n);
  }

  @Override
  public ProfileView profile(String user, int top) throws JukeboxException {
    Objects.requireNonNull(user, "user");
    if (top < 0) {
      throw new IllegalArgumentException("top < 0: " + top);
    }
    JukeboxPrincipal caller = Caller.current();
    checkReadable(caller, user, "read the profile of ");
    return new ProfileView(user, model.isPublished(user), model.top(user, Math.min(top, MAX_TOP)));
  }

  /** Own profile, or a published one; the same refusal for private and nonexistent ones. */
  private void checkReadable(JukeboxPrincipal caller, String user, String action) throws AccessDeniedException {
    boolean own = !caller.isAnonymous() && caller.name().equals(user);
    if (!own && !model.isPublished(user)) {
      throw new AccessDeniedException(caller.name() + " may not " + action + user + ": it is not published");
    }
  }

  @Override
  public void publish(boolean published) throws JukeboxException {
    JukeboxPrincipal caller = Caller.requireAuthenticated(published ? "publish a profile" : "unpublish a profile");
    synchronized (writes) {
      try {
        store.setPublished(caller.name(), published, clock.millis());
      } catch (SQLException ex) {
        throw new JukeboxException("the DJ could not store the setting: " + DjStore.describe(ex));
      }
      model.setPublished(caller.name(), published);
    }
  }

  @Override
  public List<String> publishedProfiles() {
    return model.published();
  }

  /** The model served (for the server and tests). */
  public Model model() {
    return model;
  }
}

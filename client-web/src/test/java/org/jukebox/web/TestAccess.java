package org.jukebox.web;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Pick;
import org.jukebox.api.ProfileView;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.client.DjClient;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;

/**
 * Access for tests over plain RMI: streams anonymously, and talks to the in-process DJ's service
 * object as the logged-in user (plain RMI would make every DJ caller anonymous).
 */
final class TestAccess {
  private TestAccess() {}

  static JukeboxAccess of(DiscJockey local) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return c -> UserAgent.of(c.jukeboxUser(), s -> s, http, local == null ? null : DjClient.of(as(c.jukeboxUser(), local)));
  }

  /** The DJ as seen by {@code user}: every call runs as that principal. */
  static DiscJockey as(String user, DiscJockey dj) {
    JukeboxPrincipal p = JukeboxPrincipal.user(user, "test");
    return new DiscJockey() {
      private <T> T call(Callable<T> c) throws JukeboxException {
        try {
          return Caller.callAs(p, c);
        } catch (JukeboxException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void report(List<ListeningEvent> events) throws JukeboxException {
        call(() -> {
          dj.report(events);
          return null;
        });
      }

      @Override
      public List<Pick> nextSongs(Taste taste, List<SongId> available, int n) throws JukeboxException {
        return call(() -> dj.nextSongs(taste, available, n));
      }

      @Override
      public ProfileView profile(String u, int top) throws JukeboxException {
        return call(() -> dj.profile(u, top));
      }

      @Override
      public void publish(boolean published) throws JukeboxException {
        call(() -> {
          dj.publish(published);
          return null;
        });
      }

      @Override
      public List<String> publishedProfiles() throws java.rmi.RemoteException {
        try {
          return Caller.callAs(p, dj::publishedProfiles);
        } catch (java.rmi.RemoteException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}

package org.jukebox.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.jukebox.api.InvalidSessionRequestException;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionServer;
import org.jukebox.api.SessionSong;
import org.jukebox.api.SessionUpdate.Kind;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UploadRequest;
import org.jukebox.api.UploadTicket;
import org.jukebox.security.SecureHttp;
import org.jukebox.soundsmith.SampleLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads into a session's blob store over HTTPS, and streams back out, with real MP3s from jump3r. */
class BlobStoreTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final byte[] MP3 = SampleLibrary.encodeTone(440, 2.0);

  @TempDir Path home;
  SecureSessions net;
  SessionServerDaemon server;
  SessionListing session;

  @BeforeEach
  void boot() throws Exception {
    net = new SecureSessions(home);
    server = net.startServer(net.serverBuilder("server-1").maxUploadBytes(200_000));
    net.sessions("alice").setAcl(Set.of("bob"));
    session = net.sessions("alice").createSession();
  }

  @AfterEach
  void shutDown() {
    net.close();
  }

  SessionServer as(String user) {
    return net.as(user, session.session());
  }

  HttpResponse<String> put(String user, UploadTicket t, byte[] body) throws Exception {
    HttpClient http = SecureHttp.httpClient(net.user(user));
    return http.send(HttpRequest.newBuilder(t.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUploadedMp3IsAddedAndStreamedToListenersOnce() throws Exception {
    RecordingListener bob = new RecordingListener();
    as("bob").join(session.id(), net.export(bob), Duration.ofSeconds(20));
    UploadTicket t = as("alice").upload(session.id(),
        new UploadRequest("Tone", "Me", "", Duration.ZERO, "audio/mpeg", MP3.length));

    HttpResponse<String> r = put("alice", t, MP3);

    assertEquals(201, r.statusCode(), r.body());
    long entry = Long.parseLong(r.body().strip());
    SessionSong added = bob.await(WAIT, Kind.SONG_ADDED).song();
    assertEquals(entry, added.entry());
    assertTrue(added.uploaded());
    assertEquals("Tone", added.song().title());
    long ms = added.song().duration().toMillis();
    assertTrue(ms > 1800 && ms < 2300, "duration from the frames: " + ms + " ms");
    StreamTicket ticket = as("bob").openStream(session.id(), entry);
    HttpClient http = SecureHttp.httpClient(net.user("bob"));
    HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(ticket.url()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode());
    assertArrayEquals(MP3, got.body());
    assertEquals(410, http.send(HttpRequest.newBuilder(ticket.url()).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode(), "a ticket is good once");
    HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(as("bob").openStream(session.id(), entry).url())
        .header("Range", "bytes=100-199").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, range.statusCode());
    assertArrayEquals(Arrays.copyOfRange(MP3, 100, 200), range.body());
  }

  @Test
  void anUploadThatIsNotAudioIsRefusedBeforeAnythingIsStored() throws Exception {
    byte[] text = "this is a text file pretending to be music\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    UploadTicket t = as("alice").upload(session.id(),
        new UploadRequest("Fake", "", "", Duration.ZERO, "audio/mpeg", text.length));

    HttpResponse<String> r = put("alice", t, text);

    assertEquals(415, r.statusCode());
    assertEquals("not MPEG audio: no frame header at byte 0 (announced as audio/mpeg); nothing stored", r.body().strip());
    assertEquals(0, server.blobs().count(session.id()));
    assertEquals(0, as("alice").snapshot(session.id()).playlist().size());
  }

  @Test
  void anUploadLargerThanTheCapIsRefusedBeforeAnythingIsSent() throws Exception {
    InvalidSessionRequestException e = assertThrows(InvalidSessionRequestException.class,
        () -> as("alice").upload(session.id(), new UploadRequest("Big", "", "", Duration.ZERO, "audio/mpeg", 200_001)));

    assertEquals("upload of 200001 bytes is larger than the cap of 200000 bytes; nothing stored", e.getMessage());
    e = assertThrows(InvalidSessionRequestException.class,
        () -> as("alice").upload(session.id(), new UploadRequest("Doc", "", "", Duration.ZERO, "application/pdf", 10)));
    assertEquals("uploads of application/pdf are not taken: audio/mpeg, audio/wav or audio/basic only", e.getMessage());
  }

  @Test
  void aBodyLongerThanAnnouncedIsRefused() throws Exception {
    UploadTicket t = as("alice").upload(session.id(),
        new UploadRequest("Tone", "", "", Duration.ZERO, "audio/mpeg", MP3.length - 1000));

    HttpResponse<String> r = put("alice", t, MP3);

    assertEquals(413, r.statusCode());
    assertEquals(0, server.blobs().count(session.id()));
  }

  @Test
  void endingTheSessionEmptiesItsBlobStore() throws Exception {
    UploadTicket t = as("alice").upload(session.id(),
        new UploadRequest("Tone", "", "", Duration.ZERO, "audio/mpeg", MP3.length));
    assertEquals(201, put("alice", t, MP3).statusCode());
    assertEquals(1, server.blobs().count(session.id()));

    as("alice").end(session.id());

    assertEquals(0, server.blobs().count(session.id()));
    assertTrue(Files.notExists(home.resolve("server-1").resolve("blobs").resolve(session.id().value())));
  }
}

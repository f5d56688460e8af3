package org.jukebox.soundsmith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.PossessionChallenge;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.UnknownSongException;
import org.jukebox.security.AccessPolicies;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.SerialFilters;
import org.jukebox.soundsmith.SoundSmithServerAccessTest.PrincipalSoundSmith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of possession over real RMI and HTTP on 127.0.0.1: a client asks a SoundSmith for a
 * challenge, answers it from its own copy of the file, and may then play the copyrighted song.
 * The caller of each remote call is set through the {@code caller()} hook, as plain RMI proves
 * nobody.
 */
class PossessionChallengeTest {
  private static final int SIZE = 50_000;
  private static final JukeboxPrincipal ALICE = JukeboxPrincipal.user("alice", "signature");
  private static final JukeboxPrincipal BOB = JukeboxPrincipal.user("bob", "signature");

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final byte[] audio = StreamingTest.randomBytes(SIZE, 7);
  private PrincipalSoundSmith server;
  private AccessPolicy policy;
  private SoundSmith stub;
  private Song copyrighted;
  private Song free;

  private void start(AccessPolicy accessPolicy) throws IOException {
    policy = accessPolicy;
    server = new PrincipalSoundSmith(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice's music")
        .clock(clock).accessPolicy(accessPolicy).build());
    copyrighted = server.song("a", "Song A", "Artist", "Album", 1, 1, SIZE);
    free = server.song("b", "Song B", "Artist", "Album", 1, 2, 100);
    server.putBytes(copyrighted, audio);
    server.putBytes(free, StreamingTest.randomBytes(100, 8));
    server.start();
    stub = server.stub();
  }

  private AccessPolicy possession() {
    return AccessPolicies.possession(Map.of(new SongId("alice:a"), AccessPolicies.Content.ofBytes(audio)), clock,
        Duration.ofSeconds(60));
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close();
    }
    if (policy != null) {
      policy.close();
    }
  }

  /** What a client computes from its own copy: SHA-256 over the nonce, then each range's bytes. */
  private static byte[] answerFrom(Path file, PossessionChallenge c) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(c.nonce());
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      for (PossessionChallenge.ByteRange r : c.ranges()) {
        byte[] b = new byte[r.length()];
        f.seek(r.offset());
        f.readFully(b);
        sha.update(b);
      }
    }
    return sha.digest();
  }

  private Path bobsCopy() throws IOException {
    return Files.write(dir.resolve("bobs-copy.mp3"), audio);
  }

  private String refusalToPlay(JukeboxPrincipal who) {
    server.caller = who;
    return assertThrows(AccessDeniedException.class, () -> stub.openStream(copyrighted.id())).getMessage();
  }

  @Test
  void bobPlaysACopyrightedSongAfterAnsweringAChallengeFromHisOwnCopy() throws Exception {
    start(possession());
    assertEquals("bob may not play alice:a: it is copyrighted and bob has not shown they hold it",
        refusalToPlay(BOB));

    PossessionChallenge c = stub.challengePossession(copyrighted.id());
    assertEquals(copyrighted.id(), c.song());
    assertEquals(Duration.ofSeconds(60), c.validFor());
    assertFalse(c.ranges().isEmpty());
    stub.provePossession(c.id(), answerFrom(bobsCopy(), c));

    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(stub.openStream(copyrighted.id()).url())
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertArrayEquals(audio, r.body());
    assertEquals("alice may not play alice:a: it is copyrighted and alice has not shown they hold it",
        refusalToPlay(ALICE), "bob's proof is his alone");
  }

  @Test
  void wrongAnswerIsRefusedWithThePolicysMessageAndUsesTheChallengeUp() throws Exception {
    start(possession());
    server.caller = BOB;
    PossessionChallenge c = stub.challengePossession(copyrighted.id());
    byte[] wrong = answerFrom(bobsCopy(), c);
    wrong[0] ^= 1;
    assertEquals("bob failed the possession challenge for alice:a",
        assertThrows(AccessDeniedException.class, () -> stub.provePossession(c.id(), wrong)).getMessage());
    assertEquals("bob may not play alice:a: it is copyrighted and bob has not shown they hold it",
        refusalToPlay(BOB));
    byte[] right = answerFrom(bobsCopy(), c);
    assertEquals("no such possession challenge: " + c.id(),
        assertThrows(AccessDeniedException.class, () -> stub.provePossession(c.id(), right)).getMessage());
  }

  @Test
  void anAnswerFromACopyWithOtherBytesFails() throws Exception {
    start(possession());
    server.caller = BOB;
    PossessionChallenge c = stub.challengePossession(copyrighted.id());
    Path other = Files.write(dir.resolve("other.mp3"), StreamingTest.randomBytes(SIZE, 9));
    assertEquals("bob failed the possession challenge for alice:a", assertThrows(AccessDeniedException.class,
        () -> stub.provePossession(c.id(), answerFrom(other, c))).getMessage());
  }

  @Test
  void aChallengeIssuedToAliceCannotBeAnsweredByBob() throws Exception {
    start(possession());
    server.caller = ALICE;
    PossessionChallenge c = stub.challengePossession(copyrighted.id());
    server.caller = BOB;
    assertEquals("possession challenge " + c.id() + " was issued to alice, not to bob",
        assertThrows(AccessDeniedException.class, () -> stub.provePossession(c.id(), answerFrom(bobsCopy(), c)))
            .getMessage());
  }

  @Test
  void refusalsToChallengeComeFromThePolicyUnchanged() throws Exception {
    start(possession());
    server.caller = JukeboxPrincipal.ANONYMOUS;
    assertEquals("anonymous cannot prove possession: only an identified principal can",
        assertThrows(AccessDeniedException.class, () -> stub.challengePossession(copyrighted.id())).getMessage());
    server.caller = BOB;
    assertEquals("song alice:b is not copyrighted here",
        assertThrows(AccessDeniedException.class, () -> stub.challengePossession(free.id())).getMessage());
    assertEquals("unknown song alice:zzz", assertThrows(UnknownSongException.class,
        () -> stub.challengePossession(new SongId("alice:zzz"))).getMessage());
  }

  @Test
  void aSoundSmithWithoutAPossessionPolicyAsksForNoProof() throws Exception {
    start(AccessPolicies.allowAll());
    server.caller = BOB;
    assertEquals("this SoundSmith asks for no proof of possession",
        assertThrows(AccessDeniedException.class, () -> stub.challengePossession(copyrighted.id())).getMessage());
    assertEquals("this SoundSmith asks for no proof of possession", assertThrows(AccessDeniedException.class,
        () -> stub.provePossession("abc", new byte[32])).getMessage());
  }

  @Test
  void thePossessionPolicyIsFoundInsideAPolicyFileCombinator() throws Exception {
    Files.write(dir.resolve("a.mp3"), audio);
    Path conf = Files.writeString(dir.resolve("policy.conf"), String.join("\n",
        "policy = guarded", "guarded.type = all-of", "guarded.of = copy", "copy.type = possession",
        "copy.song.alice:a = a.mp3", "copy.challenge-seconds = 45", ""));
    start(AccessPolicies.load(conf, clock));
    server.caller = BOB;
    PossessionChallenge c = stub.challengePossession(copyrighted.id());
    assertEquals(Duration.ofSeconds(45), c.validFor());
    stub.provePossession(c.id(), answerFrom(bobsCopy(), c));
    assertEquals(copyrighted.id(), stub.openStream(copyrighted.id()).song());
  }

  /** A local implementation written before proof of possession: it keeps the default bodies. */
  private static final class LocalSoundSmith implements SoundSmith {
    @Override
    public org.jukebox.api.SoundSmithInfo info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public org.jukebox.api.CatalogDelta catalog(long sinceVersion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Song> search(String query, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Song song(SongId id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public org.jukebox.api.StreamTicket openStream(SongId id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public org.jukebox.api.CoverArt coverArt(SongId id) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void theDefaultMethodsRefuseForLocalImplementations() {
    SoundSmith local = new LocalSoundSmith();
    assertEquals("this SoundSmith asks for no proof of possession",
        assertThrows(AccessDeniedException.class, () -> local.challengePossession(new SongId("x:1"))).getMessage());
    assertEquals("this SoundSmith asks for no proof of possession",
        assertThrows(AccessDeniedException.class, () -> local.provePossession("abc", new byte[32])).getMessage());
  }

  @Test
  void theApiChallengePassesTheSerialFilterAndKeepsItsParts() throws Exception {
    PossessionChallenge c = new PossessionChallenge("c-1", new SongId("alice:a"), new byte[16],
        List.of(new PossessionChallenge.ByteRange(3, 4096)), Duration.ofSeconds(60));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
      out.writeObject(new byte[32]);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      in.setObjectInputFilter(SerialFilters.api());
      PossessionChallenge back = (PossessionChallenge) in.readObject();
      assertEquals(c, back);
      assertNotSame(back.nonce(), back.nonce());
      assertEquals(32, ((byte[]) in.readObject()).length);
    }
  }

  @Test
  void theApiChallengeRefusesBadParts() {
    SongId song = new SongId("alice:a");
    List<PossessionChallenge.ByteRange> ranges = List.of(new PossessionChallenge.ByteRange(0, 1));
    assertEquals("nonce shorter than 16 bytes: 3", assertThrows(IllegalArgumentException.class,
        () -> new PossessionChallenge("c", song, new byte[3], ranges, Duration.ofSeconds(1))).getMessage());
    assertEquals("ranges is empty", assertThrows(IllegalArgumentException.class,
        () -> new PossessionChallenge("c", song, new byte[16], List.of(), Duration.ofSeconds(1))).getMessage());
    assertEquals("validFor <= 0: PT0S", assertThrows(IllegalArgumentException.class,
        () -> new PossessionChallenge("c", song, new byte[16], ranges, Duration.ZERO)).getMessage());
    assertEquals("offset < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> new PossessionChallenge.ByteRange(-1, 1)).getMessage());
    assertEquals("length < 0: -2", assertThrows(IllegalArgumentException.class,
        () -> new PossessionChallenge.ByteRange(0, -2)).getMessage());
    byte[] nonce = new byte[16];
    PossessionChallenge c = new PossessionChallenge("c", song, nonce, ranges, Duration.ofSeconds(1));
    nonce[0] = 1;
    assertEquals(0, c.nonce()[0], "the nonce was copied in");
  }
}

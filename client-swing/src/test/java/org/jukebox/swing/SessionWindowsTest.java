package org.jukebox.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionServer;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.client.SessionClient;
import org.jukebox.client.SessionPlayback;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecureClientSocketFactory;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.jukebox.session.SessionServerDaemon;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two windows, alice's and bob's, each with its own client: alice hosts a session for bob and adds
 * songs; bob sees it listed, joins, and his transport is locked with the reason; when alice's
 * client leaves, bob's window says the host dropped out and it waits. Sessions run over SecureRMI
 * (a test CA issues alice's and bob's certificates) so that the two users are told apart; the
 * music comes from the extension's plain directory and SoundSmith.
 */
@ExtendWith(DisplayRequired.class)
class SessionWindowsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final char[] PASS = "correct horse battery".toCharArray();

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("library", (config, data) -> Mp3SoundSmith.builder(
          TestLibrary.write(data.resolveSibling("library-music")), data, config).build())
      .build();

  @TempDir Path home;

  private Pki pki;
  /** The extension's plain directory, looked up before SecureRMI credentials are installed for the sessions. */
  private MusicDirectory music;
  private DirectoryServer directory;
  private SessionServerDaemon server;
  private final java.util.List<AutoCloseable> closing = new java.util.ArrayList<>();

  @AfterEach
  void shutDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (server != null) {
      server.close();
    }
    if (directory != null) {
      directory.close();
    }
    ClientSecurity.uninstall();
  }

  private SecurityConfig config(CertificateKind kind, String name) throws Exception {
    KeyAndChain kc = pki.keyAndChain(kind, name, PASS);
    return SecurityConfig.builder().trustAnchors(pki.caCertificate()).certificateCheck(pki.validator())
        .identity(kc.privateKey(), kc.chain()).build();
  }

  private SwingClient window(String user) throws Exception {
    JukeboxClient client = JukeboxClient.builder(music).audioSink(NullAudioSink.create()).build();
    closing.add(client);
    client.start();
    JukeboxExtension.await(WAIT, user + "'s catalog", () -> client.catalog().size() == 11);
    HostPort addr = HostPort.of("127.0.0.1", directory.port());
    SessionDirectory sessions = RemoteLookup.lookup(addr, SessionDirectory.REGISTRY_NAME, SessionDirectory.class,
        SecureClientSocketFactory.forService(RemoteLookup.DIRECTORY_SERVICE));
    SecurityConfig security = config(CertificateKind.USER, user);
    SessionClient sc = SessionClient.builder(sessions).security(security).httpClient(SecureHttp.httpClient(security))
        .songLocator(client).memberLease(Duration.ofSeconds(2)).presenceLease(Duration.ofSeconds(2)).build().start();
    closing.add(sc);
    SessionPlayback playback = SessionPlayback.builder(sc).audioSink(NullAudioSink.create())
        .httpClient(SecureHttp.httpClient(security)).build().start();
    closing.add(playback);
    SwingClient gui = SwingClient.builder(client).sessions(sc).sessionPlayback(playback).user(user).dataDir(home.resolve(user)).dark(false).open();
    closing.add(gui);
    Gui.edt(() -> {
      gui.window().setSize(1280, 800);
      gui.window().side.setSelectedIndex(2);
    });
    Gui.await(WAIT, user + "'s library shown", () -> gui.window().library.table.getRowCount() == 11);
    return gui;
  }

  @Test
  void aHostedSessionIsJoinedFromASecondWindowWhoseTransportIsLockedWithTheReason() throws Exception {
    jukebox.awaitListed(WAIT, "library");
    music = jukebox.directory();
    pki = Pki.at(home.resolve("pki"));
    CertificateAuthority ca = pki.createCa(PASS, KeyAlgorithm.ED25519, false);
    ca.issueService(DirectoryServer.SERVICE_NAME, PASS);
    ca.issueService(SessionServerDaemon.SERVICE_NAME, PASS);
    ca.issueUser("alice", PASS);
    ca.issueUser("bob", PASS);
    SecurityConfig serverSecurity = config(CertificateKind.SERVICE, SessionServerDaemon.SERVICE_NAME);
    ClientSecurity.install(serverSecurity);
    directory = DirectoryServer.builder().port(0).security(config(CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME))
        .build().start();
    HostPort addr = HostPort.of("127.0.0.1", directory.port());
    server = SessionServerDaemon.builder(home.resolve("session")).port(0).security(serverSecurity).directory(addr)
        .httpBindAddress("127.0.0.1").announceLease(Duration.ofSeconds(10)).build().start();
    MusicDirectory d = RemoteLookup.directory(addr);
    JukeboxExtension.await(WAIT, "the session server listed", () -> {
      try {
        return !d.services(SessionServer.SERVICE_KIND).isEmpty();
      } catch (RemoteException e) {
        return false;
      }
    });

    SwingClient alice = window("alice");
    SwingClient bob = window("bob");
    SessionPanel hostPanel = alice.window().sessionPanel;
    SessionPanel guestPanel = bob.window().sessionPanel;

    Gui.edt(() -> hostPanel.acl.setText("bob"));
    Gui.edt(() -> hostPanel.host.doClick(0));
    Gui.await(WAIT, "alice hosting", () -> hostPanel.role.getText().equals("You host this session"));
    Gui.edt(() -> alice.window().library.table.setRowSelectionInterval(7, 9));
    Gui.edt(() -> hostPanel.addSelected.doClick(0));
    Gui.await(WAIT, "three songs in alice's session", () -> hostPanel.songs.size() == 3);
    Gui.edt(() -> hostPanel.play.doClick(0));

    Gui.edt(() -> guestPanel.refresh.doClick(0));
    Gui.await(WAIT, "alice's session listed for bob", () -> guestPanel.listings.size() == 1);
    assertEquals("alice", Gui.read(() -> guestPanel.listings.get(0).host()));
    Gui.edt(() -> {
      guestPanel.listingList.setSelectedIndex(0);
      guestPanel.join.doClick(0);
    });
    Gui.await(WAIT, "bob following alice", () -> guestPanel.role.getText().equals("Following alice's session"));
    Gui.await(WAIT, "bob's transport locked", () -> !bob.window().playerBar.playPause.isEnabled());
    assertEquals("Following alice's session — the host controls playback",
        Gui.read(() -> bob.window().playerBar.lockNote.getText()));
    assertFalse(Gui.read(() -> guestPanel.play.isEnabled()), "only the host controls the session");
    assertTrue(Gui.read(() -> alice.window().playerBar.playPause.isEnabled()), "the host's transport stays free");
    Gui.await(WAIT, "alice sees bob listening", () -> List.of("alice", "bob").equals(
        java.util.Collections.list(hostPanel.listeners.elements())));
    Gui.await(WAIT, "bob sees the session's songs", () -> guestPanel.songs.size() == 3);
    Gui.await(WAIT, "bob's now playing shows the session's song", () -> bob.window().playerBar.title.getText()
        .equals("Low Pressure") && bob.window().playerBar.subtitle.getText().endsWith("alice's session"));
    Gui.await(WAIT, "bob's seek bar follows the session", () -> bob.window().playerBar.seek.getValue() > 0);
    Gui.screenshot(bob.window().getRootPane(), "session-listener");

    // The host's client leaves: bob's window says so and waits.
    Gui.edt(() -> hostPanel.leave.doClick(0));
    Gui.await(WAIT, "bob told the host dropped out", () -> guestPanel.hostNotice.getText()
        .equals("alice (the host) dropped out — waiting for them to come back"));
    Gui.screenshot(bob.window().getRootPane(), "session-host-gone");
  }
}

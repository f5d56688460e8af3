package org.jukebox.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.rmi.RemoteException;
import java.util.List;
import org.jukebox.api.MusicDirectory;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory served over SecureRMI with certificates from the jukebox PKI. */
class SecureDirectoryTest {
  private static final char[] PASS = "correct horse battery".toCharArray();

  @TempDir Path home;
  private Pki pki;
  private DirectoryServer server;

  @BeforeEach
  void issueCertificates() throws Exception {
    pki = Pki.at(home);
    CertificateAuthority ca = pki.createCa(PASS, KeyAlgorithm.ED25519, false);
    ca.issueService(DirectoryServer.SERVICE_NAME, PASS);
    ca.issueUser("alice", PASS);
    ca.issueService("org.jukebox.directory.NotTheDirectory", PASS);
  }

  @AfterEach
  void stop() {
    ClientSecurity.uninstall();
    if (server != null) {
      server.close();
    }
  }

  private SecurityConfig config(CertificateKind kind, String name) throws Exception {
    KeyAndChain kc = pki.keyAndChain(kind, name, PASS);
    return SecurityConfig.builder()
        .trustAnchors(pki.caCertificate())
        .certificateCheck(pki.validator())
        .identity(kc.privateKey(), kc.chain())
        .build();
  }

  @Test
  void clientWithAUserCertificateListsASecureDirectory() throws Exception {
    server = DirectoryServer.builder().port(0).security(config(CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME))
        .build().start();
    ClientSecurity.install(config(CertificateKind.USER, "alice"));

    MusicDirectory directory = RemoteLookup.directory(HostPort.of("127.0.0.1", server.port()));
    assertEquals(List.of(), directory.soundSmiths());
  }

  @Test
  void plainRmiClientCannotTalkToASecureDirectory() throws Exception {
    server = DirectoryServer.builder().port(0).security(config(CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME))
        .build().start();

    RemoteException e = assertThrows(RemoteException.class,
        () -> RemoteLookup.directory(HostPort.of("127.0.0.1", server.port())).soundSmiths());
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
    assertTrue(e.getMessage().contains("(if it runs SecureRMI, this process needs its certificate: drop --insecure)"),
        e.getMessage());
  }

  @Test
  void secureClientOfAPlainDirectoryIsToldBothMustAgree() throws Exception {
    server = DirectoryServer.builder().port(0).build().start();
    ClientSecurity.install(config(CertificateKind.USER, "alice"));

    RemoteException e = assertThrows(RemoteException.class,
        () -> RemoteLookup.directory(HostPort.of("127.0.0.1", server.port())).soundSmiths());
    assertTrue(e.getMessage().contains("(if it runs with --insecure, this process must too)"), e.getMessage());
  }

  @Test
  void directoryPresentingAnotherServicesCertificateIsRefused() throws Exception {
    server = DirectoryServer.builder().port(0)
        .security(config(CertificateKind.SERVICE, "org.jukebox.directory.NotTheDirectory")).build().start();
    ClientSecurity.install(config(CertificateKind.USER, "alice"));

    RemoteException e = assertThrows(RemoteException.class,
        () -> RemoteLookup.directory(HostPort.of("127.0.0.1", server.port())).soundSmiths());
    assertTrue(e.getMessage().contains("not for service " + DirectoryServer.SERVICE_NAME), e.getMessage());
  }
}

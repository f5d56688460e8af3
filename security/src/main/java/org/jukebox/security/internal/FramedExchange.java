package org.jukebox.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.jukebox.security.AuthenticationException;
import org.jukebox.security.Exchange;

/** The {@link Exchange} over one TLS connection's handshake frames. */
final class FramedExchange implements Exchange {
  private final InputStream in;
  private final OutputStream out;
  private final byte[] binding;
  private final List<X509Certificate> serverChain;
  private final String serverName;
  private final boolean client;
  private final String peer;

  /**
   * @param peer how refusals name the other end: the service, for a client; the address, for a
   *     server
   */
  FramedExchange(InputStream in, OutputStream out, byte[] binding, List<X509Certificate> serverChain,
      String serverName, boolean client, String peer) {
    this.in = in;
    this.out = out;
    this.binding = binding.clone();
    this.serverChain = List.copyOf(serverChain);
    this.serverName = serverName;
    this.client = client;
    this.peer = peer;
  }

  @Override
  public void send(byte[] message) throws IOException {
    Objects.requireNonNull(message, "message");
    Frames.write(out, Frames.DATA, message);
  }

  @Override
  public byte[] receive() throws IOException {
    Frames.Frame f = Frames.read(in);
    switch (f.type()) {
      case Frames.DATA:
        return f.payload();
      case Frames.OUTCOME:
        if (client && f.payload().length > 0 && f.payload()[0] == 1) {
          throw new AuthenticationException(Handshake.refusedBy(peer, Frames.text(f.payload(), 1)));
        }
        throw new IOException("server ended authentication while the authenticator expected a message");
      case Frames.ABORT:
        if (!client) {
          throw new AuthenticationException("client gave up: " + Frames.text(f.payload(), 0));
        }
        throw new IOException("unexpected handshake message ABORT from the server");
      default:
        throw new IOException("unexpected handshake message " + Frames.typeName(f.type())
            + " while the " + (client ? "authenticator" : "verifier") + " expected DATA");
    }
  }

  @Override
  public byte[] channelBinding() {
    return binding.clone();
  }

  @Override
  public List<X509Certificate> serverCertificates() {
    return serverChain;
  }

  @Override
  public String serverName() {
    return serverName;
  }
}

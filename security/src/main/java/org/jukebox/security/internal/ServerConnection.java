package org.jukebox.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.jukebox.security.JukeboxPrincipal;

/**
 * One accepted connection of a secure export, as RMI sees it. Its TLS and authentication
 * handshakes run on the first read or write, that is on the RMI thread that serves the
 * connection, never on the accept loop; a watchdog bounds them by the configuration's handshake
 * timeout. Afterwards it carries the verified principal: every read marks the reading thread
 * with it (RMI reads a call and dispatches it on one thread), which is how
 * {@link org.jukebox.security.Caller#current()} answers.
 */
final class ServerConnection extends Socket implements CallerContext.Source {
  private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());

  private final Socket plain;
  private final ServerSide side;
  private final String peer;
  private final InputStream in = new In();
  private final OutputStream out = new Out();
  private int requestedTimeout;
  private volatile SSLSocket ssl;
  private InputStream sslIn;
  private OutputStream sslOut;
  private IOException failure;
  private volatile JukeboxPrincipal principal;
  private volatile boolean closed;

  ServerConnection(Socket plain, ServerSide side) {
    this.plain = plain;
    this.side = side;
    this.peer = String.valueOf(plain.getRemoteSocketAddress());
  }

  @Override
  public JukeboxPrincipal principal() {
    return closed ? null : principal;
  }

  /** Runs both handshakes once; later calls return at once or repeat the first failure. */
  private synchronized void ready() throws IOException {
    if (sslIn != null) {
      return;
    }
    if (failure != null) {
      throw failure;
    }
    Duration timeout = side.config.handshakeTimeout();
    Watchdog watchdog = Watchdog.closeAfter(plain, timeout);
    try {
      plain.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
      ssl = Tls.layer(side.context, plain, false);
      ssl.startHandshake();
      JukeboxPrincipal p = Handshake.server(ssl, side.config.verifiers(), side.identity.name(), peer);
      if (watchdog.cancel()) {
        throw new SocketTimeoutException("timed out");
      }
      ssl.setSoTimeout(requestedTimeout);
      principal = p;
      sslIn = ssl.getInputStream();
      sslOut = ssl.getOutputStream();
      LOG.log(Level.DEBUG, () -> "authenticated " + p + " from " + peer + " for " + side.describe());
    } catch (IOException | RuntimeException e) {
      // The read timeout equals the deadline: when it fires first (the watchdog thread not yet
      // run on a loaded machine), the handshake did not finish within the deadline either.
      boolean late = watchdog.cancel() | e instanceof SocketTimeoutException;
      IOException f = late
          ? new SocketTimeoutException("authentication handshake with " + peer + " did not finish within " + timeout)
          : e instanceof IOException io ? io : new IOException("handshake with " + peer + " failed: " + e, e);
      failure = f;
      LOG.log(Level.INFO, () -> "refused connection from " + peer + " to " + side.describe() + ": " + f.getMessage());
      close();
      throw f;
    }
  }

  /** Marks the reading thread with this connection, and unmarks it when the connection ends. */
  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      ready();
      CallerContext.enter(ServerConnection.this);
      try {
        int b = sslIn.read();
        if (b < 0) {
          CallerContext.leave(ServerConnection.this);
        }
        return b;
      } catch (IOException e) {
        CallerContext.leave(ServerConnection.this);
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      ready();
      CallerContext.enter(ServerConnection.this);
      try {
        int n = sslIn.read(b, off, len);
        if (n < 0) {
          CallerContext.leave(ServerConnection.this);
        }
        return n;
      } catch (IOException e) {
        CallerContext.leave(ServerConnection.this);
        throw e;
      }
    }

    @Override
    public int available() throws IOException {
      return sslIn == null ? 0 : sslIn.available();
    }

    @Override
    public void close() throws IOException {
      ServerConnection.this.close();
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      ready();
      sslOut.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ready();
      sslOut.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      if (sslOut != null) {
        sslOut.flush();
      }
    }

    @Override
    public void close() throws IOException {
      ServerConnection.this.close();
    }
  }

  @Override
  public InputStream getInputStream() throws IOException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    return in;
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    CallerContext.leave(this);
    // Closing the plain socket first never blocks: a TLS close_notify could, on a stalled peer.
    plain.close();
    SSLSocket s = ssl;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // the transport is closed already
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed || plain.isClosed();
  }

  @Override
  public synchronized void setSoTimeout(int timeout) throws SocketException {
    requestedTimeout = timeout;
    if (sslIn != null) {
      ssl.setSoTimeout(timeout);
    }
  }

  @Override
  public synchronized int getSoTimeout() {
    return requestedTimeout;
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    plain.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return plain.getTcpNoDelay();
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    plain.setKeepAlive(on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return plain.getKeepAlive();
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    plain.setSoLinger(on, linger);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return plain.getSoLinger();
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    plain.setReceiveBufferSize(size);
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    plain.setSendBufferSize(size);
  }

  @Override
  public InetAddress getInetAddress() {
    return plain.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return plain.getLocalAddress();
  }

  @Override
  public int getPort() {
    return plain.getPort();
  }

  @Override
  public int getLocalPort() {
    return plain.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return plain.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return plain.getLocalSocketAddress();
  }

  @Override
  public SocketChannel getChannel() {
    return null;
  }

  @Override
  public boolean isConnected() {
    return plain.isConnected();
  }

  @Override
  public boolean isBound() {
    return plain.isBound();
  }

  @Override
  public void shutdownInput() throws IOException {
    throw new SocketException("shutdownInput is not supported on a TLS connection");
  }

  @Override
  public void shutdownOutput() throws IOException {
    throw new SocketException("shutdownOutput is not supported on a TLS connection");
  }

  @Override
  public boolean isInputShutdown() {
    return plain.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return plain.isOutputShutdown();
  }

  @Override
  public String toString() {
    return "ServerConnection[" + peer + " -> " + side.describe() + ", " + principal + "]";
  }
}

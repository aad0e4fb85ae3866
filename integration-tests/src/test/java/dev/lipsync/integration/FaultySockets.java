package dev.lipsync.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.SocketFactory;

/**
 * Sockets for an OkHttp client whose next connection fails as told: refused (it is made to a closed
 * port on loopback), or never established, so that nothing of the request is sent until the client
 * gives up on its timeout. Give the client a connection pool that keeps no idle connections, so each
 * call connects anew. Thread-safe.
 */
final class FaultySockets extends SocketFactory {
  /** How the next connection fails. */
  enum Failure {
    REFUSED,
    NEVER_ESTABLISHED
  }

  private final AtomicReference<Failure> next = new AtomicReference<>();
  private final InetSocketAddress closedPort;
  private volatile boolean failed;

  FaultySockets() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the next connection fail. */
  void failNext(Failure failure) {
    next.set(failure);
  }

  /** Whether a connection has failed as told. */
  boolean failed() {
    return failed;
  }

  @Override
  public Socket createSocket() {
    return new Socket() {
      private final CountDownLatch closed = new CountDownLatch(1);

      @Override
      public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
        Failure failure = next.getAndSet(null);
        if (failure == null) {
          super.connect(endpoint, timeoutMillis);
          return;
        }
        failed = true;
        if (failure == Failure.REFUSED) {
          super.connect(closedPort, timeoutMillis);
          return;
        }
        // As a host that drops every packet: nothing happens until the client closes the socket on
        // its call timeout, or the connect timeout passes.
        try {
          if (closed.await(timeoutMillis > 0 ? timeoutMillis : Long.MAX_VALUE, TimeUnit.MILLISECONDS)) {
            throw new SocketException("Socket closed");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SocketException("interrupted while connecting");
        }
        throw new SocketTimeoutException("connect timed out");
      }

      @Override
      public synchronized void close() throws IOException {
        closed.countDown();
        super.close();
      }
    };
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(address, port));
  }

  private Socket connected(InetSocketAddress address) throws IOException {
    Socket socket = createSocket();
    socket.connect(address, 0);
    return socket;
  }
}

package dev.lipsync.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;

/**
 * Server sockets whose connections send at once ({@code TCP_NODELAY}), for a {@link MockWebServer}.
 * MockWebServer writes an answer's headers and body in two writes; with Nagle's algorithm on, the body
 * waits for the client to acknowledge the headers, and the client delays that acknowledgement by up to
 * 40 ms. Every answer would then take 40 ms: a test suite waits for loopback timers, and a benchmark
 * measures them instead of the code. The simulators use it; so can any test's own server:
 *
 * <pre>{@code
 * server.setServerSocketFactory(new NoDelaySockets());
 * }</pre>
 */
public final class NoDelaySockets extends ServerSocketFactory {

  /** MockWebServer binds the unbound socket this returns. */
  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new ServerSocket() {
      @Override
      public Socket accept() throws IOException {
        Socket socket = super.accept();
        socket.setTcpNoDelay(true);
        return socket;
      }
    };
  }

  @Override
  public ServerSocket createServerSocket(int port) {
    throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) {
    throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
    throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
  }
}

package dev.lipsync.benchmarks;

import dev.lipsync.testkit.VendorSimulator;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;

/**
 * Server sockets whose connections send at once ({@code TCP_NODELAY}). MockWebServer writes an
 * answer's headers and body in two writes; with Nagle's algorithm on, the body waits for the client to
 * acknowledge the headers, and the client delays that acknowledgement by 40 ms. Every answer would
 * then take 40 ms, which measures the loopback's timers instead of the library.
 */
final class NoDelaySockets extends ServerSocketFactory {

  /**
   * Makes a simulator, not yet started, answer at once. The simulators keep their server to
   * themselves, so it is reached by reflection; if that fails the simulator is left as it is, only
   * slower, and a warning says so.
   */
  static <S extends VendorSimulator> S on(S simulator) {
    try {
      Field field = VendorSimulator.class.getDeclaredField("server");
      field.setAccessible(true);
      ((MockWebServer) field.get(simulator)).setServerSocketFactory(new NoDelaySockets());
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("warning: " + simulator.vendor() + " simulator keeps Nagle's algorithm, so every"
          + " answer takes about 40 ms more (" + e + ")");
    }
    return simulator;
  }

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

package io.fetchq.api.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a local port to a target port, which a test can take down (closing every
 * connection, refusing new ones) and bring up again on the same port: an outage of whatever is
 * behind it, as its clients see it.
 */
public final class TcpProxy implements AutoCloseable {

  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  private int port;

  public TcpProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  /** Listens (on a free port the first time, on the same port afterwards). */
  public synchronized TcpProxy up() throws IOException {
    ServerSocket listening = new ServerSocket();
    listening.setReuseAddress(true);
    listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    port = listening.getLocalPort();
    server = listening;
    Thread.ofVirtual().start(() -> accept(listening));
    return this;
  }

  /** Stops listening and cuts every connection. */
  public synchronized void down() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    down();
  }

  private void accept(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(target);
        Thread.ofVirtual().start(() -> pump(client, target));
        Thread.ofVirtual().start(() -> pump(target, client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException cut) {
      // the proxy went down or a side closed: the other side is closed below
    } finally {
      try {
        to.close();
        from.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}

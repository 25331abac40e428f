package io.fetchq.standalone.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A loopback TCP server answering each request chunk with {@code reply(chunk)}. */
final class FakeServer implements AutoCloseable {

  private final ServerSocket socket;
  private final List<String> received = new CopyOnWriteArrayList<>();

  private FakeServer(ServerSocket socket) {
    this.socket = socket;
  }

  /** {@code reply} returns the bytes to send for a chunk, or {@code null} to hang up. */
  static FakeServer start(UnaryOperator<String> reply) throws IOException {
    FakeServer server = new FakeServer(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
    Thread.ofVirtual().start(() -> server.serve(reply));
    return server;
  }

  int port() {
    return socket.getLocalPort();
  }

  List<String> received() {
    return received;
  }

  private void serve(UnaryOperator<String> reply) {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
          String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
          received.add(chunk);
          String answer = reply.apply(chunk);
          if (answer == null) {
            break;
          }
          out.write(answer.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException e) {
        // closed by the test or the client: keep serving until the socket is closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

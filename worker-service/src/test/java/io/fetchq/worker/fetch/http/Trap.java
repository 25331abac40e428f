package io.fetchq.worker.fetch.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listener that must never be connected to. The kernel completes a TCP handshake into the backlog
 * without an {@code accept()}, so {@link #connections()} — a non-blocking accept loop — sees every
 * connection made before it is called, without waiting.
 */
final class Trap implements AutoCloseable {

  private final ServerSocketChannel channel;
  private int accepted;

  private Trap(ServerSocketChannel channel) {
    this.channel = channel;
  }

  static Trap on(String address, int port) {
    try {
      ServerSocketChannel channel = ServerSocketChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getByName(address), port), 16);
      channel.configureBlocking(false);
      return new Trap(channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connections received since the trap was set. */
  synchronized int connections() {
    try {
      for (SocketChannel c = channel.accept(); c != null; c = channel.accept()) {
        c.close();
        accepted++;
      }
      return accepted;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

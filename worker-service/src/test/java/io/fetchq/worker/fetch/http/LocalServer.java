package io.fetchq.worker.fetch.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/** A JDK HTTP server on a loopback address that records each request before handling it. */
final class LocalServer implements AutoCloseable {

  /**
   * One request as the server saw it.
   *
   * @param headers lowercase names to values
   */
  record Seen(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

    /** The first value of header {@code name}, or null. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.getFirst();
    }
  }

  private final HttpServer server;
  private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

  private LocalServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on {@code address} and {@code port} (0 = any free port). */
  static LocalServer start(String address, int port, HttpHandler handler) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 64);
      LocalServer local = new LocalServer(server);
      server.createContext(
          "/",
          exchange -> {
            local.record(exchange);
            try (exchange) {
              handler.handle(exchange);
            }
          });
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return local;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void record(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    String query = exchange.getRequestURI().getRawQuery();
    seen.add(
        new Seen(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
            headers,
            body));
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://host:port/path} */
  String url(String host, String path) {
    return "http://" + host + ":" + port() + path;
  }

  /** Every request received so far, oldest first. */
  List<Seen> requests() {
    return new ArrayList<>(seen);
  }

  /** Requests whose path (without query) is {@code path}. */
  long hits(String path) {
    return seen.stream().filter(s -> s.pathAndQuery().split("\\?", 2)[0].equals(path)).count();
  }

  void clear() {
    seen.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The decoded value of query parameter {@code name} of the exchange, or null. */
  static String param(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Answers {@code status} with a text body (none for HEAD) and the given extra headers. */
  static void respond(HttpExchange exchange, int status, String text, String... headers)
      throws IOException {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
    }
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    if (exchange.getRequestMethod().equals("HEAD") || body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

package io.fetchq.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server to fetch from, on a random loopback port, that records every request it
 * receives. Routes:
 *
 * <ul>
 *   <li>{@code /ok} 200 {@code text/plain} "ok"
 *   <li>{@code /json} 200 {@code application/json} {@code {"hello":"world"}}
 *   <li>{@code /status/{code}} that status, text body "status {code}"
 *   <li>{@code /delay/{ms}} waits, then 200 "slept {ms}"
 *   <li>{@code /bytes/{n}} 200 {@code text/plain}, n bytes of 'a'
 *   <li>{@code /binary/{n}} 200 {@code application/octet-stream}, n pseudo-random bytes (seed 42)
 *   <li>{@code /echo} 200 {@code application/json} echoing method, headers and body length
 *   <li>{@code /flaky/{percent}} 503 with that probability, otherwise 200
 *   <li>{@code /fail-times/{n}/{key}} 503 for the first n requests to that path, then 200 "ok";
 *       with {@code ?retryAfter=<value>} the 503 carries {@code Retry-After: <value>}
 *   <li>{@code /slow-times/{n}/{ms}/{key}} waits {@code ms} before answering 200 for the first n
 *       requests to that path, then answers 200 "ok" at once
 * </ul>
 *
 * Any other path answers 404.
 */
public final class TestTarget implements AutoCloseable {

  /** One request as the target saw it. */
  public record Request(
      String method, String path, Map<String, List<String>> headers, byte[] body, Instant at) {}

  private final HttpServer server;
  private final Queue<Request> log = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

  private TestTarget(HttpServer server) {
    this.server = server;
  }

  /** Starts a target on 127.0.0.1 and a free port. */
  public static TestTarget start() {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /**
   * Starts a target on the wildcard address and a free port, so that every loopback address
   * (127.0.0.0/8 on Linux) reaches it: many distinct destination hosts for one target, see {@link
   * #url(String, String)}. It is reachable from the network too while it runs: tests only.
   */
  public static TestTarget startOnAllAddresses() {
    return start(new InetSocketAddress(0));
  }

  private static TestTarget start(InetSocketAddress address) {
    try {
      HttpServer server = HttpServer.create(address, 512);
      TestTarget target = new TestTarget(server);
      server.createContext("/", target::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("could not start the test target", e);
    }
  }

  /** {@code http://127.0.0.1:PORT} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code baseUrl() + path} */
  public String url(String path) {
    return baseUrl() + path;
  }

  /** {@code http://HOST:PORT/path}, e.g. {@code url("127.0.3.7", "/ok")} on a wildcard target. */
  public String url(String host, String path) {
    return "http://" + host + ":" + server.getAddress().getPort() + path;
  }

  /** Every request received so far, oldest first. */
  public List<Request> requests() {
    return new ArrayList<>(log);
  }

  /** How many requests reached {@code path}. */
  public long hits(String path) {
    return log.stream().filter(r -> r.path().equals(path)).count();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] requestBody;
      try (InputStream in = exchange.getRequestBody()) {
        requestBody = in.readAllBytes();
      }
      String path = exchange.getRequestURI().getPath();
      log.add(
          new Request(
              exchange.getRequestMethod(),
              path,
              Map.copyOf(exchange.getRequestHeaders()),
              requestBody,
              Instant.now()));
      String[] segments = path.split("/");
      String route = segments.length > 1 ? segments[1] : "";
      String arg = segments.length > 2 ? segments[2] : "";
      switch (route) {
        case "ok" -> respond(exchange, 200, "text/plain; charset=utf-8", bytes("ok"));
        case "json" -> respond(exchange, 200, "application/json", bytes("{\"hello\":\"world\"}"));
        case "status" -> {
          int code = Integer.parseInt(arg);
          respond(exchange, code, "text/plain", bytes("status " + code));
        }
        case "delay" -> {
          long ms = Long.parseLong(arg);
          sleep(ms);
          respond(exchange, 200, "text/plain", bytes("slept " + ms));
        }
        case "bytes" ->
            respond(exchange, 200, "text/plain", bytes("a".repeat(Integer.parseInt(arg))));
        case "binary" -> {
          byte[] body = new byte[Integer.parseInt(arg)];
          new java.util.Random(42).nextBytes(body);
          respond(exchange, 200, "application/octet-stream", body);
        }
        case "echo" -> {
          String json =
              "{\"method\":\""
                  + exchange.getRequestMethod()
                  + "\",\"bodyLength\":"
                  + requestBody.length
                  + ",\"headerCount\":"
                  + exchange.getRequestHeaders().size()
                  + "}";
          respond(exchange, 200, "application/json", bytes(json));
        }
        case "flaky" -> {
          boolean fail = ThreadLocalRandom.current().nextInt(100) < Integer.parseInt(arg);
          respond(exchange, fail ? 503 : 200, "text/plain", bytes(fail ? "unavailable" : "ok"));
        }
        case "fail-times" -> {
          int times = Integer.parseInt(arg);
          int seen = failures.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          if (seen <= times) {
            String retryAfter = queryParameter(exchange, "retryAfter");
            if (retryAfter != null) {
              exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            respond(exchange, 503, "text/plain", bytes("unavailable " + seen));
          } else {
            respond(exchange, 200, "text/plain; charset=utf-8", bytes("ok"));
          }
        }
        case "slow-times" -> {
          int times = Integer.parseInt(arg);
          int seen = failures.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          if (seen <= times) {
            sleep(Long.parseLong(segments[3]));
          }
          respond(exchange, 200, "text/plain; charset=utf-8", bytes("ok"));
        }
        default -> respond(exchange, 404, "text/plain", bytes("not found"));
      }
    }
  }

  private static String queryParameter(HttpExchange exchange, String name) {
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

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || status == 204 || status == 304;
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

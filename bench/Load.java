import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The load generator of bench/run (submit-and-drain scenarios). Every scenario creates its own
 * tenant (so its jobs are counted by one indexed query and no rate limit of another scenario
 * applies), submits through the public API like any client, and reads the jobs' own timestamps from
 * PostgreSQL for the end-to-end figures. Results go to {@code <out>/<name>.properties} (read by
 * Report.java) and, for drains, a per-second time series {@code <out>/<name>.series.csv}.
 *
 * <pre>
 *   java -cp $(cat bench/.classpath) bench/Load.java MODE name=... out=DIR [key=value ...]
 *   MODE drain     jobs, clients, batch (1 = single-job requests), url (prefix; i is appended;
 *                  a %d in it is replaced by 1 + i % hosts), hosts (default 1),
 *                  retry (JSON retry object, optional), timeoutMs, drainTimeout (s)
 *   MODE inflight  jobs, hosts, url (with %d for the host index), probeUrl, probes
 *   MODE retries   jobs, rate (jobs/s), url (a target failing some attempts; a %d in it is
 *                  replaced by 1 + i % hosts), hosts (default 1), retry
 * </pre>
 *
 * Environment: FETCHQ_API, FETCHQ_ADMIN_KEY, BENCH_JDBC (database of the fetchq under test).
 */
public class Load {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
  private static final String TERMINAL = "('completed','failed','cancelled')";

  private final Map<String, String> args;
  private final String api = env("FETCHQ_API", "http://127.0.0.1:8080");
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Map<String, String> results = new LinkedHashMap<>();

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 1; i < argv.length; i++) {
      int eq = argv[i].indexOf('=');
      args.put(argv[i].substring(0, eq), argv[i].substring(eq + 1));
    }
    Load load = new Load(args);
    switch (argv[0]) {
      case "drain" -> load.drain();
      case "inflight" -> load.inflight();
      case "retries" -> load.retries();
      default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
    }
    load.write();
    System.exit(0);
  }

  Load(Map<String, String> args) {
    this.args = args;
  }

  // ---------------------------------------------------------------- scenarios

  /** Submits jobs as fast as the clients can, then waits until every one is terminal. */
  void drain() throws Exception {
    int jobs = intArg("jobs", 20_000);
    int clients = intArg("clients", 64);
    int batch = intArg("batch", 1);
    int hosts = intArg("hosts", 1);
    IntFunction<String> target = targets();
    String extra = jobExtra();
    Tenant tenant = newTenant();
    Files.writeString(out(".key"), tenant.key);
    Path seriesFile = out(".series.csv");
    Histogram submit = new ConcurrentHistogram(3);
    LongAdder submitted = new LongAdder();
    Map<Integer, LongAdder> refused = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    int requests = (jobs + batch - 1) / batch;
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    Sampler sampler = new Sampler(tenant.id, seriesFile, submitted, start);
    Thread samplerThread = Thread.ofPlatform().daemon().start(sampler);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            pool.submit(
                () -> {
                  // a raw keep-alive connection per client: java.net.http costs about 0.5 ms of
                  // CPU per request on these cores, which would be charged to every drained job
                  try (Wire wire = new Wire(URI.create(api))) {
                    for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                      int from = r * batch;
                      int to = Math.min(jobs, from + batch);
                      String body;
                      String path;
                      if (batch == 1) {
                        path = "/api/v1/jobs";
                        body = job(target.apply(from), extra);
                      } else {
                        path = "/api/v1/batches";
                        StringBuilder b = new StringBuilder((to - from) * 80).append("{\"jobs\":[");
                        for (int i = from; i < to; i++) {
                          b.append(i == from ? "" : ",").append(job(target.apply(i), extra));
                        }
                        body = b.append("]}").toString();
                      }
                      long t0 = System.nanoTime();
                      int status = wire.post(path, tenant.key, body);
                      submit.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                      if (status == 202) {
                        submitted.add(to - from);
                      } else {
                        refused.computeIfAbsent(status, s -> new LongAdder()).add(to - from);
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    }
    double submitSeconds = (System.nanoTime() - start) / 1e9;
    long accepted = submitted.sum();
    put("jobs", jobs);
    put("clients", clients);
    put("hosts", hosts);
    put("batch", batch);
    put("accepted", accepted);
    put("refused", refused.toString());
    put("submit_seconds", submitSeconds);
    put("submit_jobs_per_s", accepted / submitSeconds);
    put("submit_requests_per_s", submit.getTotalCount() / submitSeconds);
    put("submit_p50_ms", submit.getValueAtPercentile(50) / 1000.0);
    put("submit_p99_ms", submit.getValueAtPercentile(99) / 1000.0);
    put("submit_max_ms", submit.getMaxValue() / 1000.0);
    long deadline = System.nanoTime() + Duration.ofSeconds(intArg("drainTimeout", 600)).toNanos();
    while (sampler.terminal < accepted && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    sampler.stop = true;
    samplerThread.join();
    try (Connection db = db();
        PreparedStatement q =
            db.prepareStatement(
                """
                select count(*) filter (where status in %s),
                       count(*) filter (where status = 'completed'),
                       extract(epoch from max(completed_at) - ?::timestamptz),
                       percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at)),
                       percentile_cont(0.99) within group (order by extract(epoch from completed_at - created_at)),
                       max(extract(epoch from completed_at - created_at)),
                       sum(attempts)
                  from jobs where tenant_id = ?
                """
                    .formatted(TERMINAL))) {
      q.setObject(1, java.sql.Timestamp.from(startedAt));
      q.setObject(2, tenant.id);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        long terminal = rs.getLong(1);
        double seconds = rs.getDouble(3);
        put("terminal", terminal);
        put("completed", rs.getLong(2));
        put("drain_seconds", seconds);
        put("drain_jobs_per_s", terminal / seconds);
        put("e2e_p50_ms", rs.getDouble(4) * 1000);
        put("e2e_p99_ms", rs.getDouble(5) * 1000);
        put("e2e_max_ms", rs.getDouble(6) * 1000);
        put("attempts", rs.getLong(7));
      }
    }
  }

  /**
   * Many slow jobs in flight at once, spread over {@code hosts} addresses, while one fast job to
   * another host is submitted every second: its submit-to-terminal latency shows whether other
   * hosts' jobs still flow.
   */
  void inflight() throws Exception {
    int jobs = intArg("jobs", 5000);
    int hosts = intArg("hosts", 100);
    String url = args.get("url");
    String probeUrl = args.get("probeUrl");
    int probes = intArg("probes", 20);
    Tenant tenant = newTenant();
    String extra = ",\"timeoutMs\":30000";
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int from = 0; from < jobs; from += 1000) {
        int start = from;
        sent.add(
            pool.submit(
                () -> {
                  StringBuilder b = new StringBuilder("{\"jobs\":[");
                  for (int i = start; i < Math.min(jobs, start + 1000); i++) {
                    String target = url.formatted(1 + i % hosts) + i;
                    b.append(i == start ? "" : ",").append(job(target, extra));
                  }
                  return post("/api/v1/batches", tenant.key, b.append("]}").toString());
                }));
      }
      for (Future<Integer> f : sent) {
        if (f.get() != 202) {
          throw new IllegalStateException("batch refused: " + f.get());
        }
      }
    }
    Histogram probe = new Histogram(3);
    int maxRunning = 0;
    for (int p = 0; p < probes; p++) {
      long t0 = System.nanoTime();
      String id = postForId("/api/v1/jobs", tenant.key, job(probeUrl + p, ""));
      while (!terminal(id, tenant.key)) {
        Thread.sleep(20);
      }
      probe.recordValue((System.nanoTime() - t0) / 1000);
      maxRunning = Math.max(maxRunning, count(tenant.id, "status = 'running'"));
      Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - t0) / 1_000_000));
    }
    put("jobs", jobs);
    put("hosts", hosts);
    put("max_running_seen", maxRunning);
    put("probe_p50_ms", probe.getValueAtPercentile(50) / 1000.0);
    put("probe_max_ms", probe.getMaxValue() / 1000.0);
    long deadline = System.nanoTime() + Duration.ofSeconds(intArg("drainTimeout", 300)).toNanos();
    while (count(tenant.id, "status in " + TERMINAL) < jobs + probes
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    put("terminal", count(tenant.id, "status in " + TERMINAL));
    put("completed", count(tenant.id, "status = 'completed'"));
  }

  /**
   * Retry timing: jobs submitted at a steady rate to a target failing a share of attempts; for
   * every retry, lateness = its start minus its due time (the previous attempt's end plus the
   * backoff delay; fetch retries have no jitter and the target sends no Retry-After).
   */
  void retries() throws Exception {
    int jobs = intArg("jobs", 30_000);
    int rate = intArg("rate", 1000);
    IntFunction<String> target = targets();
    String extra = jobExtra();
    Tenant tenant = newTenant();
    AtomicLong refusedCount = new AtomicLong();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      int perTick = Math.max(1, rate / 100);
      for (int i = 0; i < jobs; i += perTick) {
        long due = start + (long) (i / (double) rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        }
        int from = i;
        pool.submit(
            () -> {
              StringBuilder b = new StringBuilder("{\"jobs\":[");
              for (int j = from; j < Math.min(jobs, from + perTick); j++) {
                b.append(j == from ? "" : ",").append(job(target.apply(j), extra));
              }
              if (post("/api/v1/batches", tenant.key, b.append("]}").toString()) != 202) {
                refusedCount.incrementAndGet();
              }
              return null;
            });
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    put("jobs", jobs);
    put("hosts", intArg("hosts", 1));
    put("offered_jobs_per_s", jobs / seconds);
    put("refused_requests", refusedCount.get());
    long deadline = System.nanoTime() + Duration.ofSeconds(intArg("drainTimeout", 300)).toNanos();
    while (count(tenant.id, "status in " + TERMINAL) < jobs && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    try (Connection db = db();
        PreparedStatement q =
            db.prepareStatement(
                """
                with a as (
                  select a.started_at, a.duration_ms, a.attempt, j.retry_initial_delay_ms,
                         j.retry_multiplier, j.retry_max_delay_ms,
                         lag(a.started_at) over w as prev_start, lag(a.duration_ms) over w as prev_ms
                    from job_attempts a join jobs j on j.id = a.job_id
                   where j.tenant_id = ?
                  window w as (partition by a.job_id, a.generation order by a.attempt))
                select count(*),
                       percentile_cont(0.5) within group (order by late),
                       percentile_cont(0.99) within group (order by late),
                       max(late),
                       count(*) filter (where late > 1)
                  from (select extract(epoch from started_at - (prev_start
                                 + make_interval(secs => prev_ms / 1000.0
                                 + least(retry_max_delay_ms, retry_initial_delay_ms
                                         * power(retry_multiplier, attempt - 2)) / 1000.0))) as late
                          from a where prev_start is not null) l
                """)) {
      q.setObject(1, tenant.id);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        put("retries", rs.getLong(1));
        put("lateness_p50_ms", rs.getDouble(2) * 1000);
        put("lateness_p99_ms", rs.getDouble(3) * 1000);
        put("lateness_max_ms", rs.getDouble(4) * 1000);
        put("later_than_1s", rs.getLong(5));
      }
    }
    put("terminal", count(tenant.id, "status in " + TERMINAL));
    put("completed", count(tenant.id, "status = 'completed'"));
  }

  // ---------------------------------------------------------------- helpers

  /** Samples (elapsed s, accepted, terminal) every second into the series file. */
  final class Sampler implements Runnable {
    private final UUID tenant;
    private final Path file;
    private final LongAdder submitted;
    private final long start;
    volatile long terminal;
    volatile boolean stop;

    Sampler(UUID tenant, Path file, LongAdder submitted, long start) {
      this.tenant = tenant;
      this.file = file;
      this.submitted = submitted;
      this.start = start;
    }

    @Override
    public void run() {
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file));
          Connection db = db();
          PreparedStatement q =
              db.prepareStatement(
                  "select count(*) from jobs where tenant_id = ? and status in " + TERMINAL)) {
        out.println("seconds,accepted,terminal");
        q.setObject(1, tenant);
        long tick = 0;
        while (!stop) {
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            terminal = rs.getLong(1);
          }
          out.printf(
              Locale.ROOT,
              "%.1f,%d,%d%n",
              (System.nanoTime() - start) / 1e9,
              submitted.sum(),
              terminal);
          out.flush();
          tick++;
          long next = start + tick * 500_000_000L;
          Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  record Tenant(UUID id, String key) {}

  Tenant newTenant() throws IOException, InterruptedException {
    String admin = System.getenv("FETCHQ_ADMIN_KEY");
    String name = args.getOrDefault("name", "bench") + "-" + UUID.randomUUID();
    String created =
        send(
            "/api/v1/admin/tenants",
            admin,
            "{\"name\":\"%s\",\"rateLimit\":{\"perSecond\":100000,\"burst\":1000000}}"
                .formatted(name));
    UUID id = UUID.fromString(match(ID, created));
    String key =
        match(
            KEY,
            send(
                "/api/v1/admin/tenants/" + id + "/api-keys",
                admin,
                "{\"scopes\":[\"jobs:write\",\"jobs:read\"]}"));
    return new Tenant(id, key);
  }

  /** Job i's URL: {@code url + i}, on host {@code 1 + i % hosts} when the URL has a %d for it. */
  IntFunction<String> targets() {
    int hosts = intArg("hosts", 1);
    String url = args.get("url");
    return url.contains("%d") ? i -> url.formatted(1 + i % hosts) + i : i -> url + i;
  }

  String jobExtra() {
    StringBuilder extra = new StringBuilder();
    if (args.containsKey("retry")) {
      extra.append(",\"retry\":").append(args.get("retry"));
    }
    if (args.containsKey("timeoutMs")) {
      extra.append(",\"timeoutMs\":").append(args.get("timeoutMs"));
    }
    return extra.toString();
  }

  static String job(String url, String extra) {
    return "{\"url\":\"" + url + "\"" + extra + "}";
  }

  int post(String path, String key, String body) {
    try {
      return http.send(request(path, key, body), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -2;
    }
  }

  String postForId(String path, String key, String body) throws Exception {
    return match(ID, send(path, key, body));
  }

  String send(String path, String key, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request(path, key, body), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return response.body();
  }

  HttpRequest request(String path, String key, String body) {
    return HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  boolean terminal(String id, String key) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(api + "/api/v1/jobs/" + id))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return body.contains("\"status\":\"completed\"")
        || body.contains("\"status\":\"failed\"")
        || body.contains("\"status\":\"cancelled\"");
  }

  int count(UUID tenant, String where) throws SQLException {
    try (Connection db = db();
        PreparedStatement q =
            db.prepareStatement("select count(*) from jobs where tenant_id = ? and " + where)) {
      q.setObject(1, tenant);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static Connection db() throws SQLException {
    return DriverManager.getConnection(env("BENCH_JDBC", "jdbc:postgresql://127.0.0.1/fetchq"), "postgres", "");
  }

  static String match(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + pattern + " in " + text);
    }
    return m.group(1);
  }

  int intArg(String name, int fallback) {
    return args.containsKey(name) ? Integer.parseInt(args.get(name)) : fallback;
  }

  void put(String key, Object value) {
    String text =
        value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
    results.put(key, text);
    System.out.println(args.get("name") + " " + key + "=" + text);
  }

  Path out(String suffix) throws IOException {
    Path dir = Path.of(args.getOrDefault("out", "."));
    Files.createDirectories(dir);
    return dir.resolve(args.get("name") + suffix);
  }

  void write() throws IOException {
    StringBuilder b = new StringBuilder();
    results.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    Files.writeString(out(".properties"), b);
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * A minimal HTTP/1.1 client on one keep-alive socket (one per generator client): writes the
   * request, reads the status line, the headers and a Content-Length or chunked body, and
   * discards the body. Reconnects once when the server closed the connection. Enough for the
   * API's answers; not a general client.
   */
  static final class Wire implements AutoCloseable {
    private final String host;
    private final int port;
    private java.net.Socket socket;
    private java.io.BufferedInputStream in;
    private java.io.OutputStream out;

    Wire(URI api) {
      this.host = api.getHost();
      this.port = api.getPort() < 0 ? 80 : api.getPort();
    }

    int post(String path, String key, String body) {
      byte[] payload = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] head =
          ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                  + "\r\nAuthorization: Bearer " + key
                  + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length
                  + "\r\n\r\n")
              .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          if (socket == null) {
            socket = new java.net.Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
          }
          byte[] request = new byte[head.length + payload.length];
          System.arraycopy(head, 0, request, 0, head.length);
          System.arraycopy(payload, 0, request, head.length, payload.length);
          out.write(request);
          out.flush();
          return readResponse();
        } catch (IOException e) {
          close();
        }
      }
      return -1;
    }

    private int readResponse() throws IOException {
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = 0;
      boolean chunked = false;
      boolean closing = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
          case "connection" -> closing = value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
            size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          skip(size);
          line();
        }
        while (!line().isEmpty()) {} // trailers
      } else {
        skip(length);
      }
      if (closing) {
        close();
      }
      return code;
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        long skipped = in.skip(n);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new java.io.EOFException();
          }
          skipped = 1;
        }
        n -= skipped;
      }
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new java.io.EOFException();
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    @Override
    public void close() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}

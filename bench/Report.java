import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one bench/run results directory into results.md and PNG charts (gnuplot). Every fetchq
 * figure is shown absolute and as a ratio to the machine ceiling measured in the same run, next to
 * the target; CPU seconds per process show where the time went.
 *
 * <pre>java bench/Report.java bench/results/&lt;run&gt;</pre>
 */
public class Report {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
  private static final List<String> SCENARIOS =
      List.of("submit-16", "submit-64", "floor-health", "floor-401", "floor-403", "floor-422",
          "floor-get", "batch", "backlog", "drain-single", "drain-batch",
          "drain-delay50", "flaky20", "inflight", "retries", "retries-32");
  private static final List<String> PROCESSES =
      List.of("api", "worker", "broker", "postgres", "redis", "nginx");

  private final Path dir;
  private final StringBuilder md = new StringBuilder();

  Report(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    new Report(Path.of(args[0])).write();
  }

  void write() throws Exception {
    Properties machine = props("machine");
    line("# fetchq benchmark results");
    line("");
    line(
        "%s, commit `%s`, %s × %s, %s RAM, Linux %s; %s; PostgreSQL %s, Redis %s, nginx %s.",
        machine.getProperty("date"),
        machine.getProperty("commit"),
        machine.getProperty("cpus"),
        machine.getProperty("cpu_model"),
        machine.getProperty("memory"),
        machine.getProperty("kernel"),
        machine.getProperty("java"),
        machine.getProperty("postgres"),
        machine.getProperty("redis"),
        machine.getProperty("nginx"));
    line(
        "Everything co-located: load generator, nginx target, Kafka broker, api-service,"
            + " worker-service (one process each), PostgreSQL, Redis.");
    line("");

    // ------------------------------------------------------------------ ceilings
    String wrk = text("ceiling-wrk.txt");
    double wrkRps = number(wrk, "Requests/sec:\\s+([0-9.]+)");
    double pg16 = number(text("ceiling-pgbench-16.txt"), "tps = ([0-9.]+)");
    double pg64 = number(text("ceiling-pgbench-64.txt"), "tps = ([0-9.]+)");
    String kafka = text("ceiling-kafka.txt");
    double kafkaRps = number(kafka, "records sent, ([0-9.]+) records/sec[^\\n]*50th");
    line("## Ceilings of this machine (same run)");
    line("");
    line("| ceiling | value |");
    line("| --- | --- |");
    line("| wrk → nginx `/ok/`, 64 connections | %s req/s (p99 %s) |", fmt(wrkRps), wrkPct(wrk, "99"));
    line("| pgbench, one job-like row per transaction, 16 clients | %s TPS |", fmt(pg16));
    line("| pgbench, one job-like row per transaction, 64 clients | %s TPS |", fmt(pg64));
    line("| Kafka ProducerPerformance (300 B, acks=all, lz4, linger 5 ms) | %s records/s |", fmt(kafkaRps));
    line("");

    // ------------------------------------------------------------------ scenarios
    line("## fetchq");
    line("");
    line("| scenario | figure | measured | vs ceiling | target | met |");
    line("| --- | --- | --- | --- | --- | --- |");
    for (int c : new int[] {16, 64}) {
      String name = "submit-" + c;
      if (!exists(name + ".txt")) {
        continue;
      }
      String out = text(name + ".txt");
      double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
      double pg = c == 16 ? pg16 : pg64;
      String p99 = wrkPct(out, "99");
      row(name, "single-job submit", fmt(rps) + " jobs/s", ratio(rps, pg, "pgbench " + c),
          c == 64 ? "≥ 60 % of pgbench" : "", c == 64 ? met(rps >= 0.6 * pg) : "");
      row(name, "submit p50 / p99", wrkPct(out, "50") + " / " + p99, "", c == 64 ? "p99 ≤ 50 ms" : "",
          c == 64 ? met(millis(p99) <= 50) : "");
      String errors = match(out, "(errors: .*)");
      if (errors != null && !errors.contains("status(non-2xx/3xx)=0")) {
        row(name, "errors", errors, "", "", "");
      }
    }
    if (exists("batch.properties")) {
      Properties p = props("batch");
      double rate = d(p, "submit_jobs_per_s");
      row("batch", "1000-job batches, 4 clients", fmt(rate) + " jobs/s",
          ratio(rate, pg64, "pgbench 64 (rows/s)"), "≥ 30,000 jobs/s", met(rate >= 30_000));
      row("batch", "batch p50 / p99", ms(p, "submit_p50_ms") + " / " + ms(p, "submit_p99_ms"), "", "", "");
      row("batch", "the same 50,000 jobs (one host): drain, submit → terminal p50 / p99",
          fmt(d(p, "drain_jobs_per_s")) + " jobs/s, " + ms(p, "e2e_p50_ms") + " / " + ms(p, "e2e_p99_ms"),
          "", "", "");
    }
    drainRows("backlog", "%s jobs to one host in 1000-job batches", 0, pg64, true);
    drainRows("drain-single", "%s single-job requests, 64 clients, 32 hosts", 4800, pg64, true);
    drainRows("drain-batch", "%s jobs in 1000-job batches, 32 hosts", 0, pg64, true);
    drainRows("drain-delay50", "%s single-job requests, target answers after 50 ms", 4000, pg64, false);
    drainRows("flaky20", "%s jobs, 20 % of attempts 503, retries", 0, pg64, false);
    if (exists("inflight.properties")) {
      Properties p = props("inflight");
      double rss = 0;
      double rssAtStart = -1;
      double heap = 0;
      int threads = 0;
      for (String sample : lines("inflight.samples")) {
        String[] f = sample.trim().split("\\s+");
        if (f.length >= 4) {
          if (rssAtStart < 0) {
            rssAtStart = Double.parseDouble(f[1]) / 1024;
          }
          rss = Math.max(rss, Double.parseDouble(f[1]) / 1024);
          threads = Math.max(threads, Integer.parseInt(f[2]));
          heap = Math.max(heap, Double.parseDouble(f[3]) / (1024 * 1024));
        }
      }
      row("inflight", p.getProperty("jobs") + " jobs of 2 s over " + p.getProperty("hosts")
          + " hosts: worker RSS (max; at the scenario's start)", fmt(rss) + " MiB; " + fmt(rssAtStart)
          + " MiB", "", "≤ 512 MiB", met(rss > 0 && rss <= 512));
      row("inflight", "worker heap used / threads (max)", fmt(heap) + " MiB / " + threads, "", "", "");
      row("inflight", "most jobs running at once (seen)", p.getProperty("max_running_seen"), "", "", "");
      row("inflight", "another host's job meanwhile, submit → terminal p50 / max",
          ms(p, "probe_p50_ms") + " / " + ms(p, "probe_max_ms"), "", "flows", met(d(p, "probe_max_ms") < 5000));
      row("inflight", "completed / jobs", p.getProperty("completed") + " / " + p.getProperty("jobs"), "", "", "");
    }
    for (String name : List.of("retries", "retries-32")) {
      if (!exists(name + ".properties")) {
        continue;
      }
      Properties p = props(name);
      String hosts = p.getProperty("hosts", "1");
      row(name, "offered load, " + ("1".equals(hosts) ? "one host" : hosts + " hosts"),
          fmt(d(p, "offered_jobs_per_s")) + " jobs/s", "", "1,000 jobs/s", "");
      row(name, "retry start − due time p50 / p99 / max (" + p.getProperty("retries") + " retries)",
          ms(p, "lateness_p50_ms") + " / " + ms(p, "lateness_p99_ms") + " / " + ms(p, "lateness_max_ms"),
          "", "within 1 s", met(Long.parseLong(p.getProperty("later_than_1s")) == 0));
      row(name, "retries later than 1 s", p.getProperty("later_than_1s"), "", "0", "");
    }
    line("");

    floor();

    // ------------------------------------------------------------------ CPU
    line("## CPU seconds per process, per scenario");
    line("");
    line("| scenario | wall s | generator | api | worker | broker | postgres | redis | nginx | total | ms per job |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (String name : SCENARIOS) {
      if (!exists(name + ".cpu0")) {
        continue;
      }
      Map<String, Double> cpu = cpu(name);
      double wall = Double.parseDouble(text(name + ".t1").trim()) - Double.parseDouble(text(name + ".t0").trim());
      double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
      long jobs = jobsOf(name);
      StringBuilder r = new StringBuilder("| " + name + " | " + fmt1(wall));
      for (String proc : cpuColumns()) {
        r.append(" | ").append(fmt1(cpu.getOrDefault(proc, 0.0)));
      }
      r.append(" | ").append(fmt1(total)).append(" | ")
          .append(jobs > 0 ? String.format(Locale.ROOT, "%.3f", total * 1000 / jobs) : "")
          .append(" |");
      line(r.toString());
    }
    line("");
    line("Total CPU time available on this machine is %s CPU-seconds per wall second.", machine.getProperty("cpus"));
    line("");
    line("JIT compiler time in each scenario (seconds of the compiler threads, from `jstat -compiler`; part of");
    line("the CPU above): a scenario measures warm code when these are small.");
    line("");
    line("| scenario | api | worker | broker |");
    line("| --- | --- | --- | --- |");
    for (String name : SCENARIOS) {
      if (!exists(name + ".cpu0")) {
        continue;
      }
      Map<String, Long> before = ticks(name + ".cpu0");
      Map<String, Long> after = ticks(name + ".cpu1");
      StringBuilder r = new StringBuilder("| " + name);
      for (String proc : List.of("jit-api", "jit-worker", "jit-broker")) {
        r.append(" | ").append(fmt1((after.getOrDefault(proc, 0L) - before.getOrDefault(proc, 0L)) / 1000.0));
      }
      line(r.append(" |").toString());
    }
    line("");
    handBacks();

    charts();
    Files.writeString(dir.resolve("results.md"), md);
  }

  /**
   * The API's per-request floor: CPU per request of the floor scenarios (one kind of request each,
   * nothing else running) beside a submission (submit-64), so the share of a submission that every
   * authenticated request pays anyway is visible. A floor scenario whose answers were not the
   * expected status is marked.
   */
  void floor() throws IOException {
    record Kind(String name, String request, String passes, boolean ok) {}
    List<Kind> kinds =
        List.of(
            new Kind("floor-health", "`GET /actuator/health/liveness` → 200",
                "Tomcat, servlet filters, security chain (an open path), Spring MVC, Actuator", true),
            new Kind("floor-401", "`POST /api/v1/jobs`, unknown key → 401",
                "Tomcat, servlet filters, security chain to authentication, problem", false),
            new Kind("floor-403", "`POST /api/v1/jobs`, read-only key → 403",
                "… a valid key, the rate-limit fields' Redis read, authorization", false),
            new Kind("floor-422", "`POST /api/v1/jobs`, ftp URL → 422",
                "… Spring MVC, strict JSON, Bean Validation, problem", false),
            new Kind("floor-get", "`GET /api/v1/jobs/{id}` → 200",
                "… Spring MVC, one PostgreSQL read, the job as JSON", true),
            new Kind("submit-64", "`POST /api/v1/jobs` → 202 (submit-64)",
                "… Spring MVC, JSON, validation, rate limit, group commit, outbox relay to Kafka;"
                    + " the worker drains the jobs meanwhile", true));
    List<String> rows = new ArrayList<>();
    for (Kind k : kinds) {
      if (!exists(k.name() + ".txt") || !exists(k.name() + ".cpu0")) {
        continue;
      }
      String out = text(k.name() + ".txt");
      long requests = (long) number(out, "([0-9]+) requests in");
      String errors = match(out, "Non-2xx or 3xx responses: ([0-9]+)"); // wrk's own line, if any
      long refused = errors == null ? 0 : Long.parseLong(errors);
      boolean expected = k.ok() ? refused == 0 : refused == requests;
      Map<String, Double> cpu = cpu(k.name());
      double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
      rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.3f | %s |",
          k.request(), k.passes(), fmt(number(out, "Requests/sec:\\s+([0-9.]+)")),
          cpu.get("api") * 1000 / requests, cpu.get("postgres") * 1000 / requests,
          total * 1000 / requests, expected ? "" : "**unexpected status: " + refused + " of " + requests + " not 2xx**"));
    }
    if (rows.size() < 2) {
      return;
    }
    line("## The API's per-request floor");
    line("");
    line("CPU milliseconds per request, each kind of request alone from 64 connections (wrk, 10 s);");
    line("\"all\" counts every process, the generator included. The first rows cost what every request");
    line("of that depth costs before fetchq's own work; the last is a job submission.");
    line("");
    line("| request | passes through | req/s | API ms | PostgreSQL ms | all ms | |");
    line("| --- | --- | --- | --- | --- | --- | --- |");
    rows.forEach(this::line);
    line("");
  }

  /**
   * The worker's hand-backs in each scenario: records deferred to a retry tier unclaimed, and the
   * records the tiers released (each hop of a deferral or a retry). Per job they show the churn of
   * a busy host's backlog, which costs CPU in the worker and the broker without fetching anything.
   */
  void handBacks() throws IOException {
    List<String> rows = new ArrayList<>();
    for (String name : SCENARIOS) {
      if (!exists(name + ".cpu0")) {
        continue;
      }
      Map<String, Long> before = ticks(name + ".cpu0");
      Map<String, Long> after = ticks(name + ".cpu1");
      if (!after.containsKey("tier-forwards")) {
        continue;
      }
      long jobs = jobsOf(name);
      StringBuilder r = new StringBuilder("| " + name);
      for (String counter : List.of("deferred-host_busy", "deferred-breaker_open", "tier-forwards")) {
        long n = after.getOrDefault(counter, 0L) - before.getOrDefault(counter, 0L);
        r.append(" | ").append(n);
        if (jobs > 0) {
          r.append(String.format(Locale.ROOT, " (%.2f)", (double) n / jobs));
        }
      }
      long deferred = after.getOrDefault("deferred-host_busy", 0L) - before.getOrDefault("deferred-host_busy", 0L);
      long deferredMs =
          after.getOrDefault("deferred-host_busy-ms", 0L) - before.getOrDefault("deferred-host_busy-ms", 0L);
      r.append(" | ").append(deferred > 0 && after.containsKey("deferred-host_busy-ms")
          ? String.format(Locale.ROOT, "%.1f s", deferredMs / 1000.0 / deferred) : "");
      rows.add(r.append(" |").toString());
    }
    if (rows.isEmpty()) {
      return;
    }
    line("## Hand-backs per scenario");
    line("");
    line("Records the worker handed back to a retry tier unclaimed because their host was at its limit");
    line("with the lanes full (`host_busy`) or its breaker open, and records the tiers released (every");
    line("hop of a hand-back or a retry); per job in parentheses.");
    line("");
    line("| scenario | host_busy | breaker_open | tier forwards | host_busy deferral, mean |");
    line("| --- | --- | --- | --- | --- |");
    rows.forEach(this::line);
    line("");
  }

  void drainRows(String name, String label, double target, double pg64, boolean cpuTarget)
      throws IOException {
    if (!exists(name + ".properties")) {
      return;
    }
    Properties p = props(name);
    label = label.replace("%s", fmt(d(p, "jobs")));
    double rate = d(p, "drain_jobs_per_s");
    row(name, label + ": drain", fmt(rate) + " jobs/s", ratio(rate, pg64, "pgbench 64"),
        target > 0 ? "≥ " + fmt(target) + " jobs/s" : "", target > 0 ? met(rate >= target) : "");
    row(name, "submit phase", fmt(d(p, "submit_jobs_per_s")) + " jobs/s, p50 " + ms(p, "submit_p50_ms")
        + ", p99 " + ms(p, "submit_p99_ms"), "", "", "");
    row(name, "submit → terminal p50 / p99", ms(p, "e2e_p50_ms") + " / " + ms(p, "e2e_p99_ms"), "", "", "");
    row(name, "completed / terminal / jobs (attempts)", p.getProperty("completed") + " / "
        + p.getProperty("terminal") + " / " + p.getProperty("jobs") + " (" + p.getProperty("attempts") + ")", "", "", "");
    if (cpuTarget && exists(name + ".cpu0")) {
      double total = cpu(name).values().stream().mapToDouble(Double::doubleValue).sum();
      double perJob = total * 1000 / Math.max(1, Long.parseLong(p.getProperty("terminal")));
      row(name, "CPU time, all processes, per job", String.format(Locale.ROOT, "%.3f ms", perJob), "",
          name.equals("drain-single") ? "≤ 0.4 ms" : "", name.equals("drain-single") ? met(perJob <= 0.4) : "");
    }
  }

  // ------------------------------------------------------------------ charts

  void charts() throws IOException, InterruptedException {
    List<String> drains = new ArrayList<>();
    for (String name : List.of("drain-single", "drain-batch", "drain-delay50", "flaky20", "batch", "backlog")) {
      if (exists(name + ".series.csv")) {
        drains.add(name);
        // per-interval rates from the cumulative samples
        List<String> rows = lines(name + ".series.csv");
        StringBuilder dat = new StringBuilder("# seconds accepted_per_s terminal_per_s\n");
        for (int i = 2; i < rows.size(); i++) {
          String[] a = rows.get(i - 1).split(",");
          String[] b = rows.get(i).split(",");
          double dt = Double.parseDouble(b[0]) - Double.parseDouble(a[0]);
          if (dt <= 0) {
            continue;
          }
          dat.append(b[0]).append(' ')
              .append(fmt0((Double.parseDouble(b[1]) - Double.parseDouble(a[1])) / dt)).append(' ')
              .append(fmt0((Double.parseDouble(b[2]) - Double.parseDouble(a[2])) / dt)).append('\n');
        }
        Files.writeString(dir.resolve(name + ".rates.dat"), dat);
      }
    }
    StringBuilder gp = new StringBuilder();
    gp.append("set terminal pngcairo size 1000,420 noenhanced\nset grid\nset key top right\n");
    for (String name : drains) {
      gp.append("set output '").append(name).append("-throughput.png'\n")
          .append("set title '").append(name).append(": jobs per second (0.5 s samples)'\n")
          .append("set xlabel 'seconds since the first submit'\nset ylabel 'jobs/s'\n")
          .append("plot '").append(name).append(".rates.dat' using 1:2 with lines title 'accepted',")
          .append(" '").append(name).append(".rates.dat' using 1:3 with lines title 'terminal'\n");
    }
    StringBuilder lat = new StringBuilder("# scenario submit_p50 submit_p99 e2e_p50 e2e_p99\n");
    boolean latencies = false;
    for (String name : List.of("drain-single", "drain-batch", "drain-delay50", "flaky20")) {
      if (exists(name + ".properties")) {
        latencies = true;
        Properties p = props(name);
        lat.append(name).append(' ').append(p.getProperty("submit_p50_ms")).append(' ')
            .append(p.getProperty("submit_p99_ms")).append(' ').append(p.getProperty("e2e_p50_ms"))
            .append(' ').append(p.getProperty("e2e_p99_ms")).append('\n');
      }
    }
    Files.writeString(dir.resolve("latency.dat"), lat);
    if (latencies) { // a run of only wrk scenarios has none
      gp.append("set output 'latency.png'\nset title 'latency percentiles (ms, log scale)'\n")
          .append("set style data histograms\nset style histogram clustered gap 1\n")
          .append("set style fill solid 0.8\nset logscale y\nset xlabel ''\nset ylabel 'ms'\n")
          .append("plot 'latency.dat' using 2:xtic(1) title 'submit p50', '' using 3 title 'submit p99',")
          .append(" '' using 4 title 'submit→terminal p50', '' using 5 title 'submit→terminal p99'\n");
    }
    if (drains.isEmpty() && !latencies) {
      return;
    }
    Files.writeString(dir.resolve("charts.gp"), gp);
    Process gnuplot =
        new ProcessBuilder("gnuplot", "charts.gp").directory(dir.toFile()).inheritIO().start();
    if (gnuplot.waitFor() != 0) {
      throw new IllegalStateException("gnuplot failed");
    }
    line("## Charts");
    line("");
    for (String name : drains) {
      line("![%s throughput](%s-throughput.png)", name, name);
    }
    if (latencies) {
      line("![latency percentiles](latency.png)");
    }
    line("");
  }

  // ------------------------------------------------------------------ helpers

  List<String> cpuColumns() {
    List<String> columns = new ArrayList<>();
    columns.add("generator");
    columns.addAll(PROCESSES);
    return columns;
  }

  Map<String, Double> cpu(String name) throws IOException {
    Map<String, Double> result = new LinkedHashMap<>();
    Map<String, Long> before = ticks(name + ".cpu0");
    Map<String, Long> after = ticks(name + ".cpu1");
    if (exists(name + ".gencpu")) {
      String[] f = text(name + ".gencpu").trim().split("\\s+");
      result.put("generator", Double.parseDouble(f[f.length - 2]) + Double.parseDouble(f[f.length - 1]));
    }
    for (String proc : PROCESSES) {
      result.put(proc, (after.getOrDefault(proc, 0L) - before.getOrDefault(proc, 0L)) / TICKS_PER_SECOND);
    }
    return result;
  }

  Map<String, Long> ticks(String file) throws IOException {
    Map<String, Long> t = new LinkedHashMap<>();
    for (String l : lines(file)) {
      String[] f = l.trim().split("\\s+");
      if (f.length == 2) {
        t.put(f[0], Long.parseLong(f[1]));
      }
    }
    return t;
  }

  long jobsOf(String name) throws IOException {
    if (exists(name + ".properties")) {
      Properties p = props(name);
      return Long.parseLong(p.getProperty("terminal", p.getProperty("jobs", "0")));
    }
    if (exists(name + ".txt")) {
      return (long) number(text(name + ".txt"), "([0-9]+) requests in");
    }
    return 0;
  }

  void row(String scenario, String figure, String value, String ratio, String target, String met) {
    line("| %s | %s | %s | %s | %s | %s |", scenario, figure, value, ratio, target, met);
  }

  static String ratio(double value, double ceiling, String what) {
    return ceiling > 0 ? String.format(Locale.ROOT, "%.0f %% of %s", 100 * value / ceiling, what) : "";
  }

  static String met(boolean ok) {
    return ok ? "yes" : "**no**";
  }

  static String wrkPct(String wrk, String pct) {
    String v = match(wrk, "\\n\\s+" + pct + "%\\s+(\\S+)");
    return v == null ? "?" : v;
  }

  static double millis(String wrkValue) {
    Matcher m = Pattern.compile("([0-9.]+)(us|ms|s)").matcher(wrkValue);
    if (!m.matches()) {
      return Double.MAX_VALUE;
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  static String ms(Properties p, String key) {
    double v = d(p, key);
    return v >= 1000 ? String.format(Locale.ROOT, "%.2f s", v / 1000) : String.format(Locale.ROOT, "%.1f ms", v);
  }

  static double d(Properties p, String key) {
    return Double.parseDouble(p.getProperty(key, "NaN"));
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String fmt0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String match(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : null;
  }

  static double number(String text, String regex) {
    String v = match(text, regex);
    return v == null ? Double.NaN : Double.parseDouble(v);
  }

  boolean exists(String file) {
    return Files.exists(dir.resolve(file));
  }

  String text(String file) throws IOException {
    return exists(file) ? Files.readString(dir.resolve(file)) : "";
  }

  List<String> lines(String file) throws IOException {
    return exists(file) ? Files.readAllLines(dir.resolve(file)) : List.of();
  }

  Properties props(String name) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(dir.resolve(name + ".properties"))) {
      p.load(in);
    }
    return p;
  }

  void line(String format, Object... args) {
    md.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
  }
}

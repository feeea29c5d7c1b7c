package vn.edxml.node.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.edxml.client.internal.Json;

/** Prints a run's outcome as a table and renders it as JSON. */
public final class BenchReport {

  /** A share of one core above which a measured period counts as still compiling. */
  static final double STILL_COMPILING = 0.10;

  private BenchReport() {}

  public static void print(Bench.Outcome o, PrintWriter out) {
    Bench.Options opt = o.options();
    boolean several = opt.rounds() > 1;
    int width = several ? 14 : 10;
    out.printf(
        Locale.ROOT,
        "%nedXML node benchmark — mode %s, %d clients, package %,d bytes (attachment %,d), key %s%n",
        opt.mode().name().toLowerCase(Locale.ROOT),
        opt.clients(),
        o.packageBytes(),
        opt.attachmentBytes(),
        opt.key());
    out.printf(
        Locale.ROOT,
        "warm-up %d s, measured %d s per target%s; %s; %s%n%n",
        opt.warmup().toSeconds(),
        opt.measure().toSeconds(),
        several ? " and round, " + opt.rounds() + " rounds" : "",
        o.machine(),
        o.java());
    out.printf(
        Locale.ROOT,
        "%-" + width + "s %10s %9s %9s %9s %9s %9s  %s%n",
        "target",
        "units/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "units",
        "errors");
    for (Bench.Round round : o.rounds()) {
      for (LoadRun.Result r : round.results()) {
        row(out, width, several ? r.target() + " #" + round.number() : r.target(), r);
      }
    }
    out.println();
    if (several) {
      List<String> medians = new ArrayList<>();
      for (Bench.Target t : Bench.Target.values()) {
        Double perSecond = o.perSecond(t);
        if (perSecond != null) {
          medians.add(String.format(Locale.ROOT, "%s %.1f/s", t.label(), perSecond));
        }
      }
      out.printf(
          Locale.ROOT, "medians of %d rounds: %s%n", opt.rounds(), String.join(", ", medians));
    }
    StringBuilder jit = new StringBuilder();
    for (Bench.Round round : o.rounds()) {
      for (LoadRun.Result r : round.results()) {
        if (!Double.isNaN(r.jitShare())) {
          jit.append(jit.length() == 0 ? "" : ", ")
              .append(
                  String.format(
                      Locale.ROOT,
                      "%s%s %.0f %%",
                      r.target(),
                      several ? " #" + round.number() : "",
                      100 * r.jitShare()));
        }
      }
    }
    if (jit.length() > 0) {
      out.printf(
          Locale.ROOT, "JIT compiling during each measured period (100 %% = one core): %s%n", jit);
    }
    String busy = stillCompiling(o);
    if (busy != null) {
      out.printf(
          Locale.ROOT,
          "warning: the JIT compilers were still at work while %s was measured: code not yet"
              + " fully compiled runs slower, so that figure is likely low; use a longer --warmup,"
              + " or --rounds 3 and read the medians%n",
          busy);
    }
    for (Bench.Target t :
        new Bench.Target[] {Bench.Target.SIGNED_BASELINE, Bench.Target.PLAIN_BASELINE}) {
      Double ratio = o.nodeOver(t);
      if (ratio != null) {
        out.printf(Locale.ROOT, "node / %-10s = %.2f×%s%n", t.label(), ratio, byRound(o, t));
      }
    }
    CryptoBound c = o.crypto();
    if (c != null) {
      out.printf(
          Locale.ROOT,
          "crypto only (%s, one thread): %.0f signatures/s, %.0f verifications/s;"
              + " bound for a signed round trip on %d cores: %.0f/s%n",
          c.algorithm(),
          c.signsPerSecond(),
          c.verifiesPerSecond(),
          c.cores(),
          c.roundTripsPerSecond());
      Double node = o.perSecond(Bench.Target.NODE);
      if (node != null && opt.mode() == Bench.Mode.SEND) {
        out.printf(
            Locale.ROOT,
            "node%s / crypto bound = %.0f%%%n",
            several ? " (median)" : "",
            100 * node / c.roundTripsPerSecond());
      }
    }
    out.flush();
  }

  /**
   * The measured periods during which the JIT compilers took more than {@link #STILL_COMPILING} of
   * a core, e.g. "node (31 %)", or null for none. In a fresh JVM on two cores the node's first
   * period after a 60 s warm-up ran at less than half the rate of its later rounds (BENCHMARKS.md,
   * section 1).
   */
  static String stillCompiling(Bench.Outcome o) {
    List<String> busy = new ArrayList<>();
    for (Bench.Round round : o.rounds()) {
      for (LoadRun.Result r : round.results()) {
        if (r.jitShare() > STILL_COMPILING) {
          busy.add(
              String.format(
                  Locale.ROOT,
                  "%s%s (%.0f %%)",
                  r.target(),
                  o.rounds().size() > 1 ? " #" + round.number() : "",
                  100 * r.jitShare()));
        }
      }
    }
    return busy.isEmpty() ? null : String.join(", ", busy);
  }

  /** " (median; rounds: 0.45, 0.52, 0.48)" for several rounds, else nothing. */
  private static String byRound(Bench.Outcome o, Bench.Target t) {
    if (o.rounds().size() < 2) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" (median; rounds: ");
    for (Bench.Round round : o.rounds()) {
      Double ratio = round.nodeOver(t);
      sb.append(round.number() == 1 ? "" : ", ")
          .append(ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio));
    }
    return sb.append(')').toString();
  }

  private static void row(PrintWriter out, int width, String label, LoadRun.Result r) {
    LoadRun.Latency l = r.latency();
    out.printf(
        Locale.ROOT,
        "%-" + width + "s %10.1f %9.2f %9.2f %9.2f %9.2f %9d  %s%n",
        label,
        r.perSecond(),
        l.p50(),
        l.p95(),
        l.p99(),
        l.max(),
        r.units(),
        r.errors().isEmpty() ? "none" : r.errors().toString());
    if (r.operations().size() > 1) {
      for (Map.Entry<String, LoadRun.Latency> e : r.operations().entrySet()) {
        LoadRun.Latency ol = e.getValue();
        out.printf(
            Locale.ROOT,
            "  %-20s %9.2f %9.2f %9.2f %9.2f%n",
            e.getKey(),
            ol.p50(),
            ol.p95(),
            ol.p99(),
            ol.max());
      }
    }
  }

  public static String json(Bench.Outcome o) {
    Bench.Options opt = o.options();
    List<Json> targets = new ArrayList<>();
    List<Json> byRound = new ArrayList<>();
    for (Bench.Round round : o.rounds()) {
      byRound.add(
          Json.object()
              .put("round", round.number())
              .put("nodeOverCxfWss4j", round.nodeOver(Bench.Target.SIGNED_BASELINE))
              .put("nodeOverCxfPlain", round.nodeOver(Bench.Target.PLAIN_BASELINE)));
      for (LoadRun.Result r : round.results()) {
        targets.add(target(r).put("round", round.number()));
      }
    }
    Json medians = Json.object();
    for (Bench.Target t : Bench.Target.values()) {
      Double perSecond = o.perSecond(t);
      if (perSecond != null) {
        medians.put(t.label(), perSecond);
      }
    }
    CryptoBound c = o.crypto();
    Double node = o.perSecond(Bench.Target.NODE);
    return Json.object()
        .put("mode", opt.mode().name().toLowerCase(Locale.ROOT))
        .put("clients", opt.clients())
        .put("warmupSeconds", opt.warmup().toSeconds())
        .put("measuredSeconds", opt.measure().toSeconds())
        .put("rounds", opt.rounds())
        .put("documentBytes", opt.documentBytes())
        .put("attachmentBytes", opt.attachmentBytes())
        .put("packageBytes", o.packageBytes())
        .put("key", opt.key().name())
        .put("java", o.java())
        .put("machine", o.machine())
        .put("targets", targets)
        .put("unitsPerSecondMedian", medians)
        .put(
            "ratios",
            Json.object()
                .put("nodeOverCxfWss4j", o.nodeOver(Bench.Target.SIGNED_BASELINE))
                .put("nodeOverCxfPlain", o.nodeOver(Bench.Target.PLAIN_BASELINE))
                .put(
                    "nodeOverCryptoBound",
                    c == null || node == null || opt.mode() != Bench.Mode.SEND
                        ? null
                        : node / c.roundTripsPerSecond()))
        .put("ratiosByRound", byRound)
        .put(
            "crypto",
            c == null
                ? null
                : Json.object()
                    .put("algorithm", c.algorithm())
                    .put("signsPerSecond", c.signsPerSecond())
                    .put("verifiesPerSecond", c.verifiesPerSecond())
                    .put("cores", c.cores())
                    .put("roundTripBoundPerSecond", c.roundTripsPerSecond()))
        .pretty();
  }

  /** One measured period. */
  private static Json target(LoadRun.Result r) {
    Json operations = Json.object();
    r.operations().forEach((k, v) -> operations.put(k, latency(v)));
    Json errors = Json.object();
    r.errors().forEach(errors::put);
    return Json.object()
        .put("target", r.target())
        .put("unitsPerSecond", r.perSecond())
        .put("units", r.units())
        .put("warmupUnits", r.warmupUnits())
        .put("jitShareMeasured", r.jitShare())
        .put("latencyMs", latency(r.latency()))
        .put("operations", operations)
        .put("errors", errors);
  }

  private static Json latency(LoadRun.Latency l) {
    return Json.object()
        .put("count", l.count())
        .put("p50", l.p50())
        .put("p95", l.p95())
        .put("p99", l.p99())
        .put("max", l.max());
  }
}

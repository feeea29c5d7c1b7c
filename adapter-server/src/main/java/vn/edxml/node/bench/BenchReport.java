package vn.edxml.node.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** Prints a run's outcome as a table and renders it as JSON. */
public final class BenchReport {

  private BenchReport() {}

  public static void print(Bench.Outcome o, PrintWriter out) {
    Bench.Options opt = o.options();
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
        "warm-up %d s, measured %d s per target; %s; %s%n%n",
        opt.warmup().toSeconds(),
        opt.measure().toSeconds(),
        o.machine(),
        o.java());
    out.printf(
        Locale.ROOT,
        "%-10s %10s %9s %9s %9s %9s %9s  %s%n",
        "target",
        "units/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "units",
        "errors");
    for (LoadRun.Result r : o.results()) {
      LoadRun.Latency l = r.latency();
      out.printf(
          Locale.ROOT,
          "%-10s %10.1f %9.2f %9.2f %9.2f %9.2f %9d  %s%n",
          r.target(),
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
    out.println();
    for (Bench.Target t :
        new Bench.Target[] {Bench.Target.SIGNED_BASELINE, Bench.Target.PLAIN_BASELINE}) {
      Double ratio = o.nodeOver(t);
      if (ratio != null) {
        out.printf(Locale.ROOT, "node / %-10s = %.2f×%n", t.label(), ratio);
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
      LoadRun.Result node = o.find(Bench.Target.NODE);
      if (node != null && opt.mode() == Bench.Mode.SEND) {
        out.printf(
            Locale.ROOT,
            "node / crypto bound = %.0f%%%n",
            100 * node.perSecond() / c.roundTripsPerSecond());
      }
    }
    out.flush();
  }

  public static String json(Bench.Outcome o) {
    Bench.Options opt = o.options();
    StringBuilder j = new StringBuilder("{\n");
    j.append("  \"mode\": ").append(q(opt.mode().name().toLowerCase(Locale.ROOT))).append(",\n");
    j.append("  \"clients\": ").append(opt.clients()).append(",\n");
    j.append("  \"warmupSeconds\": ").append(opt.warmup().toSeconds()).append(",\n");
    j.append("  \"measuredSeconds\": ").append(opt.measure().toSeconds()).append(",\n");
    j.append("  \"documentBytes\": ").append(opt.documentBytes()).append(",\n");
    j.append("  \"attachmentBytes\": ").append(opt.attachmentBytes()).append(",\n");
    j.append("  \"packageBytes\": ").append(o.packageBytes()).append(",\n");
    j.append("  \"key\": ").append(q(opt.key().name())).append(",\n");
    j.append("  \"java\": ").append(q(o.java())).append(",\n");
    j.append("  \"machine\": ").append(q(o.machine())).append(",\n");
    j.append("  \"targets\": [");
    String sep = "\n";
    for (LoadRun.Result r : o.results()) {
      j.append(sep).append("    {\"target\": ").append(q(r.target()));
      j.append(", \"unitsPerSecond\": ").append(num(r.perSecond()));
      j.append(", \"units\": ").append(r.units());
      j.append(", \"warmupUnits\": ").append(r.warmupUnits());
      j.append(", \"latencyMs\": ").append(latency(r.latency()));
      j.append(", \"operations\": {");
      String s2 = "";
      for (Map.Entry<String, LoadRun.Latency> e : r.operations().entrySet()) {
        j.append(s2).append(q(e.getKey())).append(": ").append(latency(e.getValue()));
        s2 = ", ";
      }
      j.append("}, \"errors\": {");
      s2 = "";
      for (Map.Entry<String, Long> e : r.errors().entrySet()) {
        j.append(s2).append(q(e.getKey())).append(": ").append(e.getValue());
        s2 = ", ";
      }
      j.append("}}");
      sep = ",\n";
    }
    j.append("\n  ],\n  \"ratios\": {");
    Double signed = o.nodeOver(Bench.Target.SIGNED_BASELINE);
    Double plain = o.nodeOver(Bench.Target.PLAIN_BASELINE);
    j.append("\"nodeOverCxfWss4j\": ").append(signed == null ? "null" : num(signed));
    j.append(", \"nodeOverCxfPlain\": ").append(plain == null ? "null" : num(plain));
    CryptoBound c = o.crypto();
    LoadRun.Result node = o.find(Bench.Target.NODE);
    j.append(", \"nodeOverCryptoBound\": ")
        .append(
            c == null || node == null || opt.mode() != Bench.Mode.SEND
                ? "null"
                : num(node.perSecond() / c.roundTripsPerSecond()));
    j.append("},\n  \"crypto\": ");
    if (c == null) {
      j.append("null");
    } else {
      j.append("{\"algorithm\": ").append(q(c.algorithm()));
      j.append(", \"signsPerSecond\": ").append(num(c.signsPerSecond()));
      j.append(", \"verifiesPerSecond\": ").append(num(c.verifiesPerSecond()));
      j.append(", \"cores\": ").append(c.cores());
      j.append(", \"roundTripBoundPerSecond\": ").append(num(c.roundTripsPerSecond())).append("}");
    }
    return j.append("\n}\n").toString();
  }

  private static String latency(LoadRun.Latency l) {
    return String.format(
        Locale.ROOT,
        "{\"count\": %d, \"p50\": %s, \"p95\": %s, \"p99\": %s, \"max\": %s}",
        l.count(),
        num(l.p50()),
        num(l.p95()),
        num(l.p99()),
        num(l.max()));
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String q(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}

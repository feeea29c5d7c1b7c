package vn.edxml.node.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import vn.edxml.node.exchange.ExchangeTiming;
import vn.edxml.node.store.StoreStats;

/**
 * The node's Prometheus metrics: messages in and out, faults by code, latency histograms per
 * operation, store size. A handful of metrics do not justify a metrics library; the text exposition
 * format is simple and stable.
 */
public final class NodeMetrics {

  private static final double[] BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final Map<String, LongAdder> messagesIn = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> messagesOut = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final Map<String, Histogram> exchanges = new ConcurrentHashMap<>();
  private final List<ExchangeTiming.Sink> exchangeListeners = new CopyOnWriteArrayList<>();

  /**
   * Up to this many messages the payload total is summed at every scrape (milliseconds); above, it
   * is summed in the background at most once a minute, because the sum reads every message row (7.6
   * s at 1,000,000 messages, longer than a scrape may take).
   */
  static final long EXACT_PAYLOAD_TOTAL_UP_TO = 20_000;

  static final Duration PAYLOAD_TOTAL_MAX_AGE = Duration.ofMinutes(1);

  private final LongSupplier messageCount;
  private final Supplier<StoreStats> storeStats;
  private final java.time.Clock clock;
  private volatile PayloadTotal payloadTotal;
  private final AtomicBoolean summing = new AtomicBoolean();

  /** The last payload total and when it was summed. */
  private record PayloadTotal(long bytes, java.time.Instant at) {}

  /**
   * @param messageCount a cheap count of the stored messages, read at every scrape
   * @param storeStats the exact statistics (a full read of the messages), see {@link
   *     #EXACT_PAYLOAD_TOTAL_UP_TO}
   */
  public NodeMetrics(
      LongSupplier messageCount, Supplier<StoreStats> storeStats, java.time.Clock clock) {
    this.messageCount = messageCount;
    this.storeStats = storeStats;
    this.clock = clock;
  }

  /** A package was accepted (type: edoc or status). */
  public void messageIn(String type) {
    messagesIn.computeIfAbsent(type, k -> new LongAdder()).increment();
  }

  /** A package was handed to a recipient (GetDocument). */
  public void messageOut(String type) {
    messagesOut.computeIfAbsent(type, k -> new LongAdder()).increment();
  }

  public void fault(String code) {
    faults.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  public void latency(String operation, Duration duration) {
    latency.computeIfAbsent(operation, k -> new Histogram()).observe(duration.toNanos() / 1e9);
  }

  /** A whole SOAP exchange inside the node, WS-Security included (see ExchangeTiming). */
  public void exchange(String operation, long nanos) {
    exchanges.computeIfAbsent(operation, k -> new Histogram()).observe(nanos / 1e9);
    for (ExchangeTiming.Sink listener : exchangeListeners) {
      listener.exchange(operation, nanos);
    }
  }

  /**
   * Hands every exchange's exact duration to {@code listener} too, on the thread that answered
   * (benchmarks: the node's own share of a call's latency, beyond the histogram's buckets).
   */
  public void addExchangeListener(ExchangeTiming.Sink listener) {
    exchangeListeners.add(listener);
  }

  /** The Prometheus text exposition (version 0.0.4). */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    counter(sb, "edxml_messages_in_total", "Packages accepted, by type.", "type", messagesIn);
    counter(
        sb,
        "edxml_messages_out_total",
        "Packages fetched by recipients, by type.",
        "type",
        messagesOut);
    counter(sb, "edxml_faults_total", "Refused requests, by error code.", "code", faults);
    sb.append("# HELP edxml_request_duration_seconds Request latency by operation.\n");
    sb.append("# TYPE edxml_request_duration_seconds histogram\n");
    for (Map.Entry<String, Histogram> e : new TreeMap<>(latency).entrySet()) {
      e.getValue().write(sb, "edxml_request_duration_seconds", "operation", e.getKey());
    }
    sb.append(
        "# HELP edxml_exchange_duration_seconds Whole SOAP exchange in the node by operation:"
            + " reading, signature check, service, signing and writing the answer or fault.\n");
    sb.append("# TYPE edxml_exchange_duration_seconds histogram\n");
    for (Map.Entry<String, Histogram> e : new TreeMap<>(exchanges).entrySet()) {
      e.getValue().write(sb, "edxml_exchange_duration_seconds", "operation", e.getKey());
    }
    long messages;
    try {
      messages = messageCount.getAsLong();
    } catch (RuntimeException e) {
      messages = -1;
    }
    if (messages >= 0) {
      sb.append("# HELP edxml_store_messages Messages in the store.\n");
      sb.append("# TYPE edxml_store_messages gauge\n");
      sb.append("edxml_store_messages ").append(messages).append('\n');
      PayloadTotal total = payloadTotal(messages);
      if (total != null) {
        sb.append(
            "# HELP edxml_store_payload_bytes Bytes of stored packages (above "
                + EXACT_PAYLOAD_TOTAL_UP_TO
                + " messages summed in the background, at most a minute old).\n");
        sb.append("# TYPE edxml_store_payload_bytes gauge\n");
        sb.append("edxml_store_payload_bytes ").append(total.bytes()).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The payload total: summed now on a small store; on a large one the last background sum (none
   * until the first has finished), with a new sum started when it is older than a minute.
   */
  private PayloadTotal payloadTotal(long messages) {
    if (messages <= EXACT_PAYLOAD_TOTAL_UP_TO) {
      try {
        payloadTotal = new PayloadTotal(storeStats.get().payloadBytes(), clock.instant());
      } catch (RuntimeException e) {
        return null;
      }
      return payloadTotal;
    }
    PayloadTotal last = payloadTotal;
    if ((last == null || last.at().plus(PAYLOAD_TOTAL_MAX_AGE).isBefore(clock.instant()))
        && summing.compareAndSet(false, true)) {
      Thread sum =
          new Thread(
              () -> {
                try {
                  payloadTotal = new PayloadTotal(storeStats.get().payloadBytes(), clock.instant());
                } catch (RuntimeException e) {
                  // the store is closing or unreachable: /health says so; try again next scrape
                } finally {
                  summing.set(false);
                }
              },
              "edxml-metrics-payload-total");
      sum.setDaemon(true);
      sum.start();
    }
    return last;
  }

  private static void counter(
      StringBuilder sb, String name, String help, String label, Map<String, LongAdder> values) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(values).entrySet()) {
      sb.append(name)
          .append('{')
          .append(label)
          .append("=\"")
          .append(escape(e.getKey()))
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static final class Histogram {
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1);
    private final LongAdder count = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sum =
        new java.util.concurrent.atomic.DoubleAdder();

    void observe(double seconds) {
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      counts.incrementAndGet(i);
      count.increment();
      sum.add(seconds);
    }

    void write(StringBuilder sb, String name, String label, String value) {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += counts.get(i);
        sb.append(name)
            .append("_bucket{")
            .append(label)
            .append("=\"")
            .append(escape(value))
            .append("\",le=\"")
            .append(BUCKETS[i])
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      cumulative += counts.get(BUCKETS.length);
      sb.append(name)
          .append("_bucket{")
          .append(label)
          .append("=\"")
          .append(escape(value))
          .append("\",le=\"+Inf\"} ")
          .append(cumulative)
          .append('\n');
      sb.append(name)
          .append("_sum{")
          .append(label)
          .append("=\"")
          .append(escape(value))
          .append("\"} ")
          .append(sum.sum())
          .append('\n');
      sb.append(name)
          .append("_count{")
          .append(label)
          .append("=\"")
          .append(escape(value))
          .append("\"} ")
          .append(count.sum())
          .append('\n');
    }
  }
}

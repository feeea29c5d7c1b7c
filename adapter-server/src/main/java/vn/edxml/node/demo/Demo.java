package vn.edxml.node.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.edxml.client.Confirmation;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.FetchedMessage;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;
import vn.edxml.client.Rejection;
import vn.edxml.client.SendReceipt;
import vn.edxml.client.TraceEvent;
import vn.edxml.model.Edoc;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.node.Folders;
import vn.edxml.node.Node;
import vn.edxml.node.cli.Table;
import vn.edxml.node.config.ConfigException;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.demo.DemoFolder.DemoOrgan;

/**
 * The demo: a node on a demo folder, and one document through the whole cycle. Organ A sends the
 * project's sample document to organ B; B lists its pending messages, fetches the document (bytes
 * compared with what A sent), confirms it, and sends statuses 01 and 03 back to A; A takes the two
 * statuses from its own mailbox and asks for the document's trace, which is printed.
 */
public final class Demo {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final PrintWriter out;
  private final Clock clock;
  private final ZoneId zone = ZoneId.systemDefault();

  private Demo(PrintWriter out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /**
   * Makes or reuses {@code dir}, starts its node, runs the cycle and prints it.
   *
   * @param port the port to listen on; null for the folder's configuration (8080 when new)
   * @return the running node, the caller's to close
   * @throws DemoException what went wrong and what to do; the node is closed
   */
  public static Node run(
      Path dir, Integer port, Map<String, String> env, Clock clock, PrintWriter out) {
    return new Demo(out, clock).run(dir, port, env);
  }

  private Node run(Path dir, Integer port, Map<String, String> env) {
    DemoFolder folder;
    try {
      folder = DemoFolder.prepare(dir, port == null ? 8080 : port, clock);
    } catch (IOException e) {
      throw new DemoException(
          "cannot make the demo folder " + dir.toAbsolutePath() + ": " + e.getMessage(),
          "give a folder name in a writable place",
          e);
    }
    out.println(
        "edXML node demo. DEMO PKI, keys and passwords: never use them in production (see "
            + folder.dir().resolve("README.txt")
            + ").");
    if (folder.created()) {
      out.println(
          "Made "
              + folder.dir()
              + ": demo CA, node and organ keys (pki/), node.properties, directory.txt,"
              + " organ-a.properties, organ-b.properties.");
    } else {
      out.println("Reusing " + folder.dir() + " (delete it to start over).");
    }
    Node node;
    try {
      node = start(folder, DemoFolder.withPort(env, port));
    } catch (PortBusy busy) {
      if (port != null) {
        throw busy.problem;
      }
      // No --port given and the folder's port is taken: the demo should just work.
      out.println(
          busy.problem.getMessage().split(" — ")[0]
              + ": using a free port instead (--port N chooses one).");
      node = start(folder, DemoFolder.withPort(env, 0));
    }
    try {
      for (DemoOrgan organ : DemoFolder.ORGANS) {
        folder.updateEndpoint(organ, node.address());
      }
      cycle(folder, node);
      out.flush();
      return node;
    } catch (DemoException e) {
      node.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      node.close();
      throw new DemoException(
          String.valueOf(e.getMessage()),
          "delete " + folder.dir() + " and run the demo again to make a fresh folder",
          e);
    }
  }

  private Node start(DemoFolder folder, Map<String, String> env) {
    try {
      NodeConfig config = NodeConfig.load(folder.nodeConfig(), env);
      Node node = Node.start(config, clock);
      out.println(
          "Node "
              + config.nodeId()
              + " listening on "
              + node.address()
              + " (data in "
              + config.dataDir()
              + ").");
      out.println();
      return node;
    } catch (ConfigException e) {
      if ("http.port".equals(e.key())) {
        throw new PortBusy(
            new DemoException(
                e.getMessage(), "run the demo with --port 0 (any free port) or --port N", e));
      }
      if (vn.edxml.node.cli.StoreProblems.isLockedByAnotherProcess(e)) {
        throw new DemoException(
            folder.dir() + " is in use by another demo node that is still running",
            "stop that one (Ctrl-C in its window) or give the demo another folder",
            e);
      }
      throw new DemoException(
          e.getMessage(),
          "the folder was changed by hand or is damaged: delete "
              + folder.dir()
              + " and run the demo again",
          e);
    }
  }

  /** The configured port is taken. */
  private static final class PortBusy extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final DemoException problem;

    PortBusy(DemoException problem) {
      super(problem.getMessage(), problem);
      this.problem = problem;
    }
  }

  private void cycle(DemoFolder folder, Node node) throws IOException {
    DemoOrgan organA = DemoFolder.ORGANS.get(0);
    DemoOrgan organB = DemoFolder.ORGANS.get(1);
    Path work = folder.dir().resolve("work");
    try (EdxmlClient a = client(folder.clientConfig(organA));
        EdxmlClient b = client(folder.clientConfig(organB))) {
      Edoc sample = SampleDocument.load(work);
      Edoc edoc = SampleDocument.renumbered(sample, id -> node.store().document(id).isPresent());
      byte[] sent = SampleDocument.bytes(edoc);
      Path sentFile = java.nio.file.Files.write(work.resolve("sent.edxml"), sent);
      String documentId = edoc.documentId();
      String number = edoc.code().number() + "/" + edoc.code().notation();
      Instant started = clock.instant();

      SendReceipt receipt =
          step(1, organA.name() + " sends công văn " + number, () -> a.send(sentFile));
      SendReceipt.RecipientResult outcome = receipt.recipients().get(0);
      require(
          outcome.routing() == SendReceipt.Routing.DELIVERED,
          "the node did not deliver to " + organB.code() + ": " + outcome.routing());
      say(
          "DocumentId "
              + documentId
              + ", "
              + sent.length
              + " bytes, "
              + edoc.attachments().size()
              + " attachment ("
              + edoc.attachments().get(0).name()
              + "); receipt: message "
              + receipt.messageId()
              + ", delivered to "
              + outcome.organId()
              + ", signed by the node");

      Pending pending =
          step(2, organB.name() + " lists its pending messages", () -> b.pending("edoc", 100));
      require(
          pending.messages().stream().anyMatch(p -> p.messageId().equals(receipt.messageId())),
          "the document is not in " + organB.code() + "'s pending list");
      say(pending.messages().size() + " waiting, including message " + receipt.messageId());

      java.io.ByteArrayOutputStream fetched = new java.io.ByteArrayOutputStream();
      FetchedMessage got =
          step(3, organB.name() + " fetches it", () -> b.fetch(receipt.messageId(), fetched));
      require(
          Arrays.equals(sent, fetched.toByteArray()),
          "the fetched package differs from what " + organA.code() + " sent");
      say(
          got.size()
              + " bytes, identical to what "
              + organA.name()
              + " sent (SHA-256 "
              + got.sha256().substring(0, 16)
              + "…)");

      Confirmation confirmation =
          step(4, organB.name() + " confirms receipt", () -> b.confirm(receipt.messageId()));
      say("confirmed at " + local(confirmation.confirmedAt()));

      int n = 5;
      for (StatusCode code : List.of(StatusCode.RECEIVED, StatusCode.ACCEPTED)) {
        Status status =
            Status.builder()
                .clock(clock.withZone(vn.edxml.model.EdxmlPackage.VIETNAM))
                .from(vn.edxml.model.Organ.of(organB.code(), organB.name()))
                .responseFor(edoc)
                .code(code)
                .build();
        SendReceipt r =
            step(
                n++,
                organB.name()
                    + " sends status "
                    + code.code()
                    + " ("
                    + code.vietnameseName()
                    + ") to "
                    + organA.name(),
                () -> b.sendStatus(status));
        say("receipt: message " + r.messageId());
      }

      Pending statuses =
          step(
              n++,
              organA.name() + " takes the statuses from its mailbox",
              () -> a.pending("status", 100));
      int taken = 0;
      for (Pending.Message p : statuses.messages()) {
        if (documentId.equals(p.documentId())) {
          FetchedMessage status =
              unwrap(a.fetch(p.messageId(), java.io.OutputStream.nullOutputStream()), "fetch");
          unwrap(a.confirm(p.messageId()), "confirm");
          say("status " + p.statusCode() + " (" + status.size() + " bytes) fetched, confirmed");
          taken++;
        }
      }
      require(taken == 2, "expected 2 statuses in " + organA.code() + "'s mailbox, found " + taken);

      List<TraceEvent> events =
          step(n, organA.name() + " asks for the document's trace", () -> a.traces(documentId));
      out.println();
      printTrace(documentId, events);
      out.println(summary(edoc, number, events, Duration.between(started, clock.instant())));
    } finally {
      Folders.deleteTree(work);
    }
  }

  private static EdxmlClient client(Path config) throws IOException {
    return vn.edxml.client.ClientConfig.load(config).toBuilder()
        .retry(vn.edxml.client.RetryPolicy.NONE)
        .build();
  }

  private void printTrace(String documentId, List<TraceEvent> events) {
    out.println("Trace of " + documentId + " (times in " + zone + "):");
    Table table = new Table("time", "recipient", "event", "actor", "node");
    for (TraceEvent e : events) {
      String what;
      if (e.transport() != null) {
        what = e.transport();
      } else {
        what =
            "status "
                + e.statusCode()
                + StatusCode.fromCode(e.statusCode())
                    .map(c -> " " + c.vietnameseName() + " (" + c.englishName() + ")")
                    .orElse("");
      }
      table.row(
          local(e.at()),
          e.recipient(),
          what,
          e.actor() == null ? "" : e.actor(),
          e.node() == null ? "" : e.node());
    }
    table.print(out);
  }

  private static String summary(Edoc edoc, String number, List<TraceEvent> events, Duration took) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<String> statuses = new ArrayList<>();
    for (TraceEvent e : events) {
      if (e.transport() != null) {
        seen.merge(e.transport(), 1, Integer::sum);
      } else {
        statuses.add(e.statusCode());
      }
    }
    return "Summary: công văn "
        + number
        + " from "
        + edoc.from().name()
        + " to "
        + edoc.to().get(0).name()
        + ": "
        + String.join(", ", seen.keySet())
        + (statuses.isEmpty() ? "" : ", statuses " + String.join(" and ", statuses))
        + "; "
        + events.size()
        + " events; the cycle took "
        + took.toMillis()
        + " ms.";
  }

  private String local(Instant at) {
    return at == null ? "" : TIME.format(at.atZone(zone));
  }

  private void say(String detail) {
    out.println("      " + detail);
    out.flush();
  }

  private <T> T step(int n, String what, Call<T> call) {
    out.println("[" + n + "] " + what);
    out.flush();
    Outcome<T> outcome;
    try {
      outcome = call.run();
    } catch (IOException | RuntimeException e) {
      throw new DemoException(
          "step " + n + " (" + what + ") failed: " + e.getMessage(),
          "check that nothing else uses the node's port and run the demo again",
          e);
    }
    return unwrap(outcome, "step " + n + " (" + what + ")");
  }

  private static <T> T unwrap(Outcome<T> outcome, String what) {
    if (outcome.isAccepted()) {
      return outcome.value();
    }
    Rejection r = outcome.rejection().orElseThrow();
    throw new DemoException(
        what + " was refused: " + r.codeId() + ": " + r.message(),
        "see the node's log lines above for the correlation id " + r.correlationId());
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new DemoException(problem, "report this as a bug, with the output above");
    }
  }

  /** One demo call. */
  @FunctionalInterface
  private interface Call<T> {
    Outcome<T> run() throws IOException;
  }
}

package vn.edxml.node.bench.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.xml.bind.JAXBContext;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import vn.edxml.node.store.DeliveryState;
import vn.edxml.node.store.DocumentRecord;
import vn.edxml.node.store.MessageRecord;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.Stores;
import vn.edxml.node.store.TraceRecord;
import vn.edxml.schema.envelope.Interchange;

/**
 * {@code bench-store} with tiny numbers, in-process: it fills, starts nodes, measures and reports
 * every figure, without a failed call; and the rows it fills look like the rows the node itself
 * stored for the documents sent during the run. Nothing here depends on how fast anything was.
 */
class StoreScaleSmokeIT {

  private static final int MESSAGES = 2_000;
  private static final int ORGANS = 50;
  private static final int PENDING_CALLS = 40;

  static Path dir;
  static int code;
  static String out;
  static String err;
  static JsonNode result;

  @BeforeAll
  static void runTheBenchmarkOnce() throws Exception {
    dir = Path.of(System.getProperty("java.io.tmpdir")).resolve("bench-store-" + UUID.randomUUID());
    Path json = dir.resolve("result.json");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    code =
        StoreScaleCommand.execute(
            new PrintWriter(o, true),
            new PrintWriter(e, true),
            "--messages",
            Integer.toString(MESSAGES),
            "--organs",
            Integer.toString(ORGANS),
            "--clients",
            "2",
            "--warmup",
            "1s",
            "--pending-warmup",
            "1s",
            "--duration",
            "1s",
            "--pending-calls",
            Integer.toString(PENDING_CALLS),
            "--pending-organs",
            "5",
            "--dir",
            dir.toString(),
            "--json",
            json.toString(),
            "--keep");
    out = o.toString();
    err = e.toString();
    assertEquals(0, code, () -> "exit " + code + "\n--- out\n" + out + "--- err\n" + err);
    result = new ObjectMapper().readTree(json.toFile());
  }

  /** The run's folder (kept for the row comparisons below) and the report go afterwards. */
  @AfterAll
  static void removeTheRunFolder() throws Exception {
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void theFillIsCountedAndConsistent() {
    JsonNode fill = result.get("fill");
    assertEquals(MESSAGES, fill.get("messages").asLong());
    assertEquals(MESSAGES, fill.get("edocs").asLong() + fill.get("statuses").asLong());
    assertTrue(fill.get("edocs").asLong() > 0 && fill.get("statuses").asLong() > 0, fill::toString);
    assertEquals(ORGANS, fill.get("organs").asInt());
    assertEquals(ORGANS, fill.get("certificates").asInt());
    assertEquals(fill.get("statuses").asLong(), fill.get("statusOnce").asLong());
    assertTrue(fill.get("newDocuments").asLong() <= fill.get("edocs").asLong());
    assertTrue(fill.get("deliveries").asLong() >= MESSAGES);
    assertEquals(
        result.get("settings").get("waitingPlanned").asLong(),
        fill.get("waitingDeliveries").asLong());
    assertTrue(fill.get("waitingDeliveries").asLong() > 0);
    // every delivery has at least its "accepted" or "status" event
    assertTrue(fill.get("traceEvents").asLong() > fill.get("deliveries").asLong());
    assertEquals(
        fill.get("organs").asLong()
            + fill.get("certificates").asLong()
            + fill.get("messages").asLong()
            + fill.get("newDocuments").asLong()
            + fill.get("statusOnce").asLong()
            + fill.get("deliveries").asLong()
            + fill.get("traceEvents").asLong(),
        fill.get("rows").asLong());
    assertTrue(fill.get("databaseBytes").asLong() > 0);

    JsonNode empty = result.get("emptyStore");
    assertEquals(0, empty.get("messages").asLong());
    assertEquals(ORGANS, empty.get("organs").asInt());
    assertEquals(ORGANS, empty.get("certificates").asInt());
  }

  @Test
  void bothStoresAreMeasuredWithoutAFailedCall() {
    assertTrue(result.get("ok").asBoolean(), () -> result.get("errors").toString());
    assertEquals(0, result.get("errors").size());
    assertEquals(0, result.get("empty").get("messagesAtStart").asLong());
    assertEquals(MESSAGES, result.get("filled").get("messagesAtStart").asLong());
    for (String store : List.of("empty", "filled")) {
      JsonNode phase = result.get(store);
      assertTrue(phase.get("nodeStartSeconds").asDouble() > 0, store);

      JsonNode pending = phase.get("pending");
      assertEquals(0, pending.get("failed").asInt(), store);
      assertEquals(PENDING_CALLS, pending.get("soap").get("count").asInt(), store);
      assertEquals(PENDING_CALLS, pending.get("store").get("count").asInt(), store);
      // The listing warm-up ran, untimed; the first and the last tenth are told apart.
      assertTrue(pending.get("warmup").get("calls").asInt() > 0, store);
      assertTrue(pending.get("warmup").get("seconds").asDouble() <= 30, store);
      assertTrue(pending.get("warmup").get("jitQuiet").isBoolean(), store);
      assertEquals(PENDING_CALLS / 10, pending.get("soapFirstTenth").get("count").asInt(), store);
      assertEquals(PENDING_CALLS / 10, pending.get("soapLastTenth").get("count").asInt(), store);
      assertOrdered(pending.get("soapFirstTenth"), store);
      assertOrdered(pending.get("soapLastTenth"), store);
      assertEquals(
          pending.get("messagesExpected").asLong(), pending.get("messagesListed").asLong(), store);
      assertOrdered(pending.get("soap"), store);
      assertOrdered(pending.get("store"), store);
      // The node's own time of every timed call, and less than what the client saw.
      assertEquals(PENDING_CALLS, pending.get("node").get("count").asInt(), store);
      assertOrdered(pending.get("node"), store);
      assertTrue(
          pending.get("node").get("p50Ms").asDouble() < pending.get("soap").get("p50Ms").asDouble(),
          store);

      JsonNode send = phase.get("send");
      assertEquals(0, send.get("failed").asInt(), store);
      assertTrue(send.get("documents").asInt() > 0, store);
      assertTrue(send.get("documentsPerSecond").asDouble() > 0, store);
      assertTrue(send.get("documentBytes").asInt() >= 2_048, store);
      assertEquals(send.get("documents").asInt(), send.get("latency").get("count").asInt());
      assertEquals(1, send.get("slicesDocumentsPerSecond").size(), store); // 1 s: one slice
      assertTrue(phase.get("metricsScrapeSeconds").asDouble() >= 0, store);
      assertOrdered(send.get("latency"), store);
      assertTrue(
          phase.get("messagesAtEnd").asLong()
              >= phase.get("messagesAtStart").asLong() + send.get("documents").asLong(),
          store);
    }
    assertEquals(0, result.get("empty").get("pending").get("messagesExpected").asLong());
    assertTrue(result.get("filled").get("pending").get("messagesExpected").asLong() > 0);

    JsonNode targets = result.get("targets");
    assertEquals(
        result.get("filled").get("pending").get("soap").get("p99Ms").asDouble(),
        targets.get("pendingP99").get("valueMs").asDouble());
    assertTrue(targets.get("sendRatio").get("value").asDouble() > 0);
    assertEquals(1, targets.get("sendRatio").get("sliceRatios").size());
    assertTrue(targets.get("pendingP99").get("met").isBoolean());
    assertTrue(targets.get("sendRatio").get("met").isBoolean());
    assertTrue(
        result.get("pendingQueryPlan").asText().toUpperCase().contains("DELIVERIES"),
        () -> result.get("pendingQueryPlan").asText());

    for (String line :
        List.of(
            "GetPendingDocuments",
            "untimed ones in",
            "SendDocument",
            "target GetPendingDocuments p99",
            "steady? p50 of the first and the last tenth",
            "target SendDocument")) {
      assertTrue(out.contains(line), () -> line + " missing from\n" + out);
    }
    assertTrue(err.contains("fill: " + String.format("%,d", MESSAGES)), err);
  }

  private static void assertOrdered(JsonNode latency, String what) {
    double p50 = latency.get("p50Ms").asDouble();
    double p95 = latency.get("p95Ms").asDouble();
    double p99 = latency.get("p99Ms").asDouble();
    double max = latency.get("maxMs").asDouble();
    assertTrue(0 < p50 && p50 <= p95 && p95 <= p99 && p99 <= max, () -> what + ": " + latency);
  }

  /**
   * The node stored the documents sent during the run (ids after the filled ones): a filled waiting
   * document has the same rows, envelope shape and timeline as one of those.
   */
  @Test
  void aFilledWaitingDocumentLooksLikeOneTheNodeStored() throws Exception {
    String url = result.get("fill").get("url").asText();
    Refs real = firstEdoc(url, "m.id > ?");
    Refs filled = firstEdoc(url, "m.id <= ? AND d.state = 'delivered'");
    try (MessageStore store = Stores.messageStore(url).user("edxml").open()) {
      MessageRecord a = store.messageFromSender(real.sender, real.messageId).orElseThrow();
      MessageRecord b = store.messageFromSender(filled.sender, filled.messageId).orElseThrow();
      for (MessageRecord m : List.of(a, b)) {
        assertEquals("edoc", m.messageType());
        assertEquals(Integer.valueOf(0), m.businessType());
        assertNull(m.statusCode());
        assertNotNull(m.subject());
        assertTrue(m.payloadSha256().matches("[0-9a-f]{64}"));
        assertEquals(1, m.deliveries().size());
        MessageRecord.DeliveryRecord d = m.deliveries().get(0);
        assertEquals(DeliveryState.DELIVERED, d.state());
        assertNull(d.nextNode());
        assertEquals(m.receivedAt(), d.updatedAt());

        Interchange ix = interchange(m.interchangeXml());
        assertEquals(m.messageId(), ix.getMessageId());
        assertEquals(m.sender(), ix.getFrom());
        assertEquals(List.of(d.recipient()), ix.getTo());
        assertEquals("edoc", ix.getMessageType().value());
        assertEquals(m.documentId(), ix.getDocumentId());
        assertEquals(
            m.payloadSha256(), HexFormat.of().formatHex(ix.getPayload().getDigest().getValue()));
        assertEquals(m.payloadSize(), ix.getPayload().getSize());
        assertEquals(1, ix.getHopTrace().getHop().size());
        assertEquals(StoreScaleBench.NODE_ID, ix.getHopTrace().getHop().get(0).getNode());
        assertEquals(
            m.receivedAt(),
            ix.getHopTrace().getHop().get(0).getReceivedAt().truncatedTo(ChronoUnit.MICROS));
        assertTrue(ix.getTimestamp().isBefore(m.receivedAt().plusSeconds(1)));

        DocumentRecord doc = store.document(m.documentId()).orElseThrow();
        assertEquals(m.sender(), doc.issuer());
        assertEquals(List.of(d.recipient()), List.copyOf(doc.recipients()));
      }
      assertEquals(elementNames(a.interchangeXml()), elementNames(b.interchangeXml()));
      assertEquals(timeline(store, a), timeline(store, b));
      assertEquals(
          List.of("transport accepted actor=sender", "transport delivered actor=sender"),
          timeline(store, a));
    }
  }

  /** A filled answered document: confirmed, its status 01 recorded once and confirmed in turn. */
  @Test
  void aFilledAnsweredDocumentHasItsStatusAndConfirmations() throws Exception {
    String url = result.get("fill").get("url").asText();
    String documentId;
    String statusSender;
    String statusId;
    String documentMessageId;
    try (Connection c = DriverManager.getConnection(url, "edxml", "")) {
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT m.document_id, m.sender, m.message_id FROM messages m JOIN deliveries d"
                      + " ON d.message_pk = m.id WHERE m.message_type = 'status' AND"
                      + " m.status_code = '01' AND d.state = 'confirmed' ORDER BY m.id"
                      + " FETCH FIRST 1 ROWS ONLY");
          ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no confirmed status 01 in the filled store");
        documentId = rs.getString(1);
        statusSender = rs.getString(2);
        statusId = rs.getString(3);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT message_id FROM messages WHERE document_id = ? AND message_type = 'edoc'")) {
        ps.setString(1, documentId);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          documentMessageId = rs.getString(1);
        }
      }
    }
    try (MessageStore store = Stores.messageStore(url).user("edxml").open()) {
      DocumentRecord doc = store.document(documentId).orElseThrow();
      assertTrue(doc.recipients().contains(statusSender));
      assertTrue(store.statusRecorded(documentId, statusSender, "01"));
      List<String> events = new ArrayList<>();
      for (TraceRecord t : store.traces(documentId)) {
        assertEquals(StoreScaleBench.NODE_ID, t.node());
        boolean document =
            documentMessageId.equals(t.messageId()) && statusSender.equals(t.recipient());
        if (document || statusId.equals(t.messageId())) {
          events.add(
              t.kind()
                  + " "
                  + t.value()
                  + " "
                  + (statusSender.equals(t.actor())
                      ? "recipient"
                      : doc.issuer().equals(t.actor()) ? "issuer" : t.actor()));
        }
      }
      // sent by the issuer, confirmed by the recipient, answered with 01, which the issuer confirms
      assertEquals(
          List.of(
              "TRANSPORT accepted issuer",
              "TRANSPORT delivered issuer",
              "TRANSPORT confirmed recipient",
              "STATUS 01 recipient",
              "TRANSPORT confirmed issuer"),
          events);
    }
  }

  private record Refs(String sender, String messageId) {}

  /** The first single-recipient document matching {@code where} (? = the filled message count). */
  private static Refs firstEdoc(String url, String where) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "edxml", "");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT m.sender, m.message_id FROM messages m JOIN deliveries d ON d.message_pk ="
                    + " m.id WHERE m.message_type = 'edoc' AND m.business_type = 0 AND "
                    + where
                    + " AND (SELECT COUNT(*) FROM deliveries x WHERE x.message_pk = m.id) = 1"
                    + " ORDER BY m.id FETCH FIRST 1 ROWS ONLY")) {
      ps.setLong(1, MESSAGES);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no document where " + where);
        return new Refs(rs.getString(1), rs.getString(2));
      }
    }
  }

  /** This message's trace events, with the actor named by role. */
  private static List<String> timeline(MessageStore store, MessageRecord m) {
    List<String> events = new ArrayList<>();
    for (TraceRecord t : store.traces(m.documentId())) {
      if (!m.messageId().equals(t.messageId())) {
        continue;
      }
      assertEquals(StoreScaleBench.NODE_ID, t.node());
      assertNull(t.detail());
      assertEquals(m.receivedAt(), t.at());
      String actor = m.sender().equals(t.actor()) ? "sender" : t.actor();
      events.add(t.kind().name().toLowerCase() + " " + t.value() + " actor=" + actor);
    }
    return events;
  }

  private static Interchange interchange(String xml) throws Exception {
    return JAXBContext.newInstance(Interchange.class)
        .createUnmarshaller()
        .unmarshal(new StreamSource(new StringReader(xml)), Interchange.class)
        .getValue();
  }

  /** The element names in document order: the envelope's shape. */
  private static List<String> elementNames(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    org.w3c.dom.Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    List<String> names = new ArrayList<>();
    collect(d.getDocumentElement(), names);
    return names;
  }

  private static void collect(Element e, List<String> names) {
    names.add(e.getNamespaceURI() + " " + e.getLocalName());
    for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        collect(child, names);
      }
    }
  }
}

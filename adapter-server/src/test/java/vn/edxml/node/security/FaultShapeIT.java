package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.security.Invariants.assertHealthy;
import static vn.edxml.node.security.Invariants.assertNoLeak;
import static vn.edxml.node.security.Invariants.assertNothingStored;
import static vn.edxml.node.security.Invariants.snapshot;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;

/**
 * Catalogue point 4: faults are clean. A SOAP 1.2 envelope sent to the SOAP 1.1 endpoint gets a
 * clean fault; every WS-Security failure looks exactly the same to the caller (apart from the
 * correlation id), while the node's log names the real reason under that correlation id.
 */
class FaultShapeIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  private static Requests requests;
  private static TestClient organA;
  private static final List<String> LOG = new ArrayList<>();
  private static final Logger FAULT_LOGGER =
      Logger.getLogger("vn.edxml.node.exchange.FaultNormalizer");
  private static final Handler CAPTURE =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          Object[] params = record.getParameters();
          String text = record.getMessage();
          if (params != null) {
            for (Object p : params) {
              text =
                  text.replaceFirst(
                      "\\{\\}", java.util.regex.Matcher.quoteReplacement(String.valueOf(p)));
            }
          }
          synchronized (LOG) {
            LOG.add(text);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeAll
  static void setUp() {
    requests = new Requests(NODE);
    organA = NODE.client(TestNode.ORGAN_A);
    FAULT_LOGGER.addHandler(CAPTURE);
  }

  @AfterAll
  static void tearDown() {
    FAULT_LOGGER.removeHandler(CAPTURE);
    organA.close();
  }

  private static String logFor(String cid) {
    synchronized (LOG) {
      return LOG.stream().filter(l -> l.contains("cid=" + cid)).findFirst().orElse(null);
    }
  }

  @Test
  void soap12EnvelopeToTheSoap11EndpointGetsACleanFault() throws Exception {
    String soap12 =
        new String(
                RawSoap.bytes(requests.signed(requests.document(TestNode.ORGAN_A))),
                StandardCharsets.UTF_8)
            .replace(RawSoap.SOAP11, RawSoap.SOAP12);
    Invariants.Snapshot before = snapshot(NODE);
    for (String type :
        new String[] {"application/soap+xml; charset=UTF-8", "text/xml; charset=UTF-8"}) {
      RawSoap.Reply reply =
          RawSoap.post(
              NODE.node().address(), "SendDocument", type, soap12.getBytes(StandardCharsets.UTF_8));
      assertTrue(reply.status() >= 400 && reply.status() < 600, reply.body());
      assertNoLeak(reply.body());
      assertTrue(reply.body().contains("VersionMismatch") || reply.code() != null, reply.body());
      if (reply.code() != null) {
        assertTrue(!reply.code().equals(ErrorCode.INTERNAL_ERROR.id()), reply.body());
      }
    }
    assertNothingStored(NODE, before);
    assertHealthy(NODE, organA);
  }

  @Test
  void everySecurityFailureLooksTheSameToTheCallerAndTheLogSaysWhy() throws Exception {
    Map<String, Document> cases = new LinkedHashMap<>();
    Document tampered = requests.signed(requests.document(TestNode.ORGAN_A));
    RawSoap.first(tampered, RawSoap.EX, "Package").setTextContent("AAAA");
    cases.put("signature", tampered);
    Instant now = Instant.now();
    cases.put(
        "expired",
        requests
            .signer(TestNode.ORGAN_A)
            .created(now.minusSeconds(900))
            .expires(now.minusSeconds(600))
            .sign(requests.document(TestNode.ORGAN_A).unsigned()));
    cases.put(
        "path validation",
        requests
            .signer(NODE.pki().untrusted(TestNode.ORGAN_A))
            .sign(requests.document(TestNode.ORGAN_A).unsigned()));
    cases.put("policy", requests.document(TestNode.ORGAN_A).unsigned());
    cases.put(
        "rsa-sha1",
        requests
            .signer(TestNode.ORGAN_A)
            .algorithm(RawSoap.RSA_SHA1)
            .sign(requests.document(TestNode.ORGAN_A).unsigned()));
    Document wrapped = requests.signed(requests.document(TestNode.ORGAN_A));
    Element body = RawSoap.body(wrapped);
    body.getParentNode()
        .insertBefore(
            wrapped.importNode(RawSoap.body(requests.document(TestNode.ORGAN_A).unsigned()), true),
            body);
    cases.put("two bodies", wrapped);

    String first = null;
    Invariants.Snapshot before = snapshot(NODE);
    for (Map.Entry<String, Document> c : cases.entrySet()) {
      RawSoap.Reply reply = requests.send(c.getValue());
      Invariants.assertFault(reply, ErrorCode.SECURITY_FAILED);
      String cid = reply.correlationId();
      String normalized = reply.body().replace(cid, "CID").replaceAll("uuid:[0-9a-f-]+", "uuid");
      if (first == null) {
        first = normalized;
      } else {
        assertEquals(first, normalized, "the reply for '" + c.getKey() + "' differs");
      }
      String line = logFor(cid);
      assertNotNull(line, "no log line for " + c.getKey() + " cid " + cid);
      assertTrue(line.contains("code=security_failed"), line);
      assertTrue(line.length() > 80, "the log does not say why: " + line);
    }
    assertNothingStored(NODE, before);
    assertHealthy(NODE, organA);
  }
}

package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.wsdl.service.Receipt;

/** The catalogue's §8 invariants, asserted after every refused request. */
final class Invariants {

  /** Words that would betray internals (stack traces, class names, library names). */
  private static final List<String> LEAKS =
      List.of(
          "Exception",
          "\tat ",
          "at org.",
          "at java.",
          "Caused by",
          "org.apache",
          "java.lang",
          "java.security",
          "vn.edxml.node",
          "WSS4J",
          "wss4j",
          "Santuario",
          "SQL",
          "/tmp/",
          "target-");

  private Invariants() {}

  /** What the store holds before a request. */
  record Snapshot(long messages, long payloadFiles) {}

  static Snapshot snapshot(TestNode node) {
    return new Snapshot(
        node.node().store().stats().messages(), files(node.dataDir().resolve("payloads")));
  }

  /** Nothing stored: no new message row, no new payload file, no staged or spooled leftovers. */
  static void assertNothingStored(TestNode node, Snapshot before) {
    Snapshot now = snapshot(node);
    assertEquals(before.messages(), now.messages(), "a message row was stored");
    assertEquals(before.payloadFiles(), now.payloadFiles(), "a payload file was stored");
    for (String folder : List.of("incoming", "spool", "tmp")) {
      assertEquals(0, files(node.dataDir().resolve(folder)), folder + "/ is not empty");
    }
  }

  /** The reply carries no stack trace, class name or other internal detail. */
  static void assertNoLeak(String body) {
    // Certificates, signature and digest values are long base64 texts that may spell "SQL" or
    // "/tmp/" by chance (the node's key is new on every run); they are not prose, so not checked.
    String prose = BASE64_TEXT.matcher(body).replaceAll("><");
    for (String leak : LEAKS) {
      assertFalse(prose.contains(leak), "the reply reveals internals (" + leak + "): " + body);
    }
  }

  private static final java.util.regex.Pattern BASE64_TEXT =
      java.util.regex.Pattern.compile(">[A-Za-z0-9+/=\\s]{40,}<");

  /**
   * A well-formed SOAP 1.1 fault with our code and correlation id, nothing internal; for security
   * codes exactly the generic message (nothing about which check failed).
   */
  static void assertFault(RawSoap.Reply reply, ErrorCode code) {
    assertEquals(500, reply.status(), "HTTP status of a SOAP fault: " + reply.body());
    assertTrue(reply.isFault(), "not a SOAP fault: " + reply.body());
    assertEquals(code.id(), reply.code(), "fault code: " + reply.body());
    assertEquals(
        code.retryable() ? "soap:Server" : "soap:Client",
        reply.soapFaultCode().replaceFirst("^[A-Za-z0-9]+:", "soap:"),
        "faultcode");
    assertNotNull(reply.correlationId());
    assertNoLeak(reply.body());
    if (code == ErrorCode.SECURITY_FAILED || code == ErrorCode.SENDER_NOT_AUTHORIZED) {
      String generic = code.message(Locale.ROOT);
      assertEquals(generic, reply.faultMessage(), "a security fault must stay generic");
      assertEquals(generic, reply.faultString(), "a security fault must stay generic");
    }
  }

  /** The full set for a refused request. */
  static void assertRefused(TestNode node, Snapshot before, RawSoap.Reply reply, ErrorCode code) {
    assertFault(reply, code);
    assertNothingStored(node, before);
  }

  /** The node still serves a valid request (a new document from A to B is accepted). */
  static void assertHealthy(TestNode node, TestClient a) throws Exception {
    long before = node.node().store().stats().messages();
    Receipt receipt = a.send(Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B));
    assertFalse(receipt.isDuplicate());
    assertEquals(before + 1, node.node().store().stats().messages());
  }

  static long files(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

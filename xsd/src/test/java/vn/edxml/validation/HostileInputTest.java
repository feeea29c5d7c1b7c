package vn.edxml.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.edxml.xml.XmlLimits;

/**
 * Parser attacks (security catalogue §2 and §9 G): each is refused with the right code, in bounded
 * time, without fetching anything. A counter server on 127.0.0.1 proves no URL is ever
 * dereferenced; no test sends traffic anywhere else.
 */
class HostileInputTest {

  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final String NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();
  private final EdxmlValidator validator = EdxmlValidator.lenient();

  @BeforeEach
  void startCounter() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          byte[] body = "<!ENTITY x 'fetched'>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stopCounter() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private ValidationReport check(String xml) throws IOException {
    return validator.validate(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "hostile.edxml");
  }

  private static void assertOnly(RuleCode code, ValidationReport r) {
    assertFalse(r.isValid(), r.source());
    assertTrue(r.has(code), () -> code.id() + " expected, got " + r.findings());
    assertEquals(
        1,
        r.findings().stream().filter(f -> f.severity() == Severity.ERROR).count(),
        () -> r.findings().toString());
  }

  @Test
  void externalEntityOverHttpIsNeverFetched() throws IOException {
    ValidationReport r =
        check(
            "<?xml version=\"1.0\"?><!DOCTYPE edXML [<!ENTITY x SYSTEM \""
                + url("/xxe")
                + "\">]><edXML xmlns=\""
                + NS
                + "\">&x;</edXML>");
    assertOnly(RuleCode.DTD_FORBIDDEN, r);
    assertEquals(0, hits.get(), "no request may reach the counter server");
  }

  @Test
  void externalDtdAndParameterEntityAreNeverFetched() throws IOException {
    assertOnly(
        RuleCode.DTD_FORBIDDEN,
        check("<!DOCTYPE edXML SYSTEM \"" + url("/dtd") + "\"><edXML xmlns=\"" + NS + "\"/>"));
    assertOnly(
        RuleCode.DTD_FORBIDDEN,
        check(
            "<!DOCTYPE edXML [<!ENTITY % p SYSTEM \""
                + url("/pe")
                + "\"> %p;]><edXML xmlns=\""
                + NS
                + "\"/>"));
    assertEquals(0, hits.get());
  }

  @Test
  void schemaLocationHintsAndXIncludeAreNeverFollowed() throws IOException {
    String xml =
        "<edXML xmlns=\""
            + NS
            + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xmlns:xi=\"http://www.w3.org/2001/XInclude\" xsi:schemaLocation=\""
            + NS
            + " "
            + url("/schema.xsd")
            + "\"><xi:include href=\""
            + url("/include.xml")
            + "\" parse=\"text\"/></edXML>";
    ValidationReport r = check(xml);
    assertTrue(r.has(RuleCode.SCHEMA_INVALID), r.findings()::toString);
    assertEquals(0, hits.get());
  }

  @Test
  void billionLaughsIsRefusedQuickly() throws IOException {
    Path file =
        ConformanceFixturesTest.root().resolve("invalid/dtd_forbidden/billion_laughs.edxml");
    ValidationReport r = assertTimeoutPreemptively(BOUND, () -> validator.validate(file));
    assertOnly(RuleCode.DTD_FORBIDDEN, r);
  }

  @Test
  void deepNestingIsRefused() {
    int depth = 100_000;
    InputStream in =
        new Generated(
            "<edXML xmlns=\"" + NS + "\">", "<a>", depth, "</a>".repeat(depth) + "</edXML>");
    ValidationReport r =
        assertTimeoutPreemptively(BOUND, () -> validator.validate(in, "depth-bomb.edxml"));
    assertOnly(RuleCode.LIMIT_EXCEEDED, r);
  }

  @Test
  void hundredMegabytesOfJunkAreRefusedAsNotXml() throws IOException {
    Path junk = Files.createTempFile("junk-", ".edxml"); // java.io.tmpdir is in the build folder
    try {
      byte[] block = new byte[1 << 20];
      new Random(42).nextBytes(block);
      try (OutputStream out = Files.newOutputStream(junk)) {
        for (int i = 0; i < 100; i++) {
          out.write(block);
        }
      }
      long start = System.nanoTime();
      ValidationReport r = assertTimeoutPreemptively(BOUND, () -> validator.validate(junk));
      assertOnly(RuleCode.NOT_XML, r);
      assertTrue(System.nanoTime() - start < BOUND.toNanos());
    } finally {
      Files.deleteIfExists(junk);
    }
  }

  @Test
  void hundredMegabytesOfWhitespaceBeforeTheRootAreCutOff() {
    InputStream in = new Generated("", " ", 100 << 20, "<edXML xmlns=\"" + NS + "\"/>");
    ValidationReport r =
        assertTimeoutPreemptively(BOUND, () -> validator.validate(in, "blank.edxml"));
    assertOnly(RuleCode.LIMIT_EXCEEDED, r);
  }

  @Test
  void hugeAttributeIsCutOffWithoutBufferingIt() {
    InputStream in = new Generated("<edXML xmlns=\"" + NS + "\" a=\"", "x", 200 << 20, "\"/>");
    ValidationReport r =
        assertTimeoutPreemptively(BOUND, () -> validator.validate(in, "attribute.edxml"));
    assertOnly(RuleCode.LIMIT_EXCEEDED, r);
  }

  @Test
  void hugeNameIsCutOff() {
    InputStream in = new Generated("<edXML xmlns=\"" + NS + "\"><a", "b", 50 << 20, "/></edXML>");
    ValidationReport r =
        assertTimeoutPreemptively(BOUND, () -> validator.validate(in, "name.edxml"));
    assertOnly(RuleCode.LIMIT_EXCEEDED, r);
  }

  @Test
  void hugeTextIsCutOff() {
    InputStream in =
        new Generated(
            "<edXML xmlns=\"" + NS + "\"><edXMLEnvelope><x>",
            "y",
            50 << 20,
            "</x></edXMLEnvelope></edXML>");
    ValidationReport r =
        assertTimeoutPreemptively(BOUND, () -> validator.validate(in, "text.edxml"));
    assertOnly(RuleCode.LIMIT_EXCEEDED, r);
  }

  @Test
  void largeValidAttachmentIsStreamedNotBuffered() {
    // 150 MB of base64 in one attachment: checked on the fly, never held; the package is valid
    // XML, so only structure findings (schema) may appear, never a limit or memory failure.
    String head =
        "<edXML xmlns=\""
            + NS
            + "\"><edXMLEnvelope/><AttachmentEncoded><Attachment><ContentId>cid:1</ContentId>"
            + "<AttachmentName>a.pdf</AttachmentName><ContentType>application/pdf</ContentType>"
            + "<ContentTransferEncoded>";
    InputStream in =
        new Generated(
            head,
            "AAAA",
            150 << 18,
            "</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>");
    ValidationReport r =
        assertTimeoutPreemptively(BOUND, () -> validator.validate(in, "big-attachment.edxml"));
    assertFalse(r.has(RuleCode.LIMIT_EXCEEDED), r.findings()::toString);
    assertFalse(r.has(RuleCode.BASE64_INVALID), r.findings()::toString);
  }

  @Test
  void configuredLimitsApply() throws IOException {
    XmlLimits small = new XmlLimits(16, 100, 8, 2048, 1000, 1 << 20);
    EdxmlValidator tight = EdxmlValidator.builder().limits(small).build();
    ValidationReport elements =
        tight.validate(
            new Generated("<edXML xmlns=\"" + NS + "\">", "<a/>", 1000, "</edXML>"), "many");
    assertOnly(RuleCode.LIMIT_EXCEEDED, elements);
    Path valid = ConformanceFixturesTest.root().resolve("valid/edoc_new.edxml");

    XmlLimits fewBytes = XmlLimits.DEFAULT.withMaxDocumentBytes(4096);
    ValidationReport bytes = EdxmlValidator.builder().limits(fewBytes).build().validate(valid);
    assertOnly(RuleCode.LIMIT_EXCEEDED, bytes);

    XmlLimits smallAttachments = XmlLimits.DEFAULT.withMaxAttachmentChars(16);
    ValidationReport att =
        EdxmlValidator.builder().limits(smallAttachments).build().validate(valid);
    assertOnly(RuleCode.LIMIT_EXCEEDED, att);
  }

  /** prefix + unit × count + suffix, generated on the fly (nothing written to disk). */
  static final class Generated extends InputStream {
    private final byte[] prefix;
    private final byte[] unit;
    private final byte[] suffix;
    private final long total;
    private long pos;

    Generated(String prefix, String unit, long count, String suffix) {
      this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
      this.unit = unit.getBytes(StandardCharsets.UTF_8);
      this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
      this.total = this.prefix.length + count * this.unit.length + this.suffix.length;
    }

    @Override
    public int read() {
      if (pos >= total) {
        return -1;
      }
      long p = pos++;
      if (p < prefix.length) {
        return prefix[(int) p] & 0xFF;
      }
      long bodyEnd = total - suffix.length;
      if (p < bodyEnd) {
        return unit[(int) ((p - prefix.length) % unit.length)] & 0xFF;
      }
      return suffix[(int) (p - bodyEnd)] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= total) {
        return -1;
      }
      int n = 0;
      while (n < len && pos < total) {
        b[off + n++] = (byte) read();
      }
      return n;
    }
  }
}

package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.security.Invariants.assertHealthy;
import static vn.edxml.node.security.Invariants.assertNoLeak;
import static vn.edxml.node.security.Invariants.assertNothingStored;
import static vn.edxml.node.security.Invariants.assertRefused;
import static vn.edxml.node.security.Invariants.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
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
 * Catalogue G at the SOAP level: DTDs and entities, outbound fetches (counted by a 127.0.0.1
 * server), StAX limits, request size, compression and malformed XML. The node is started with a
 * small package limit (256 KiB, so requests are capped at 1.5 MiB) to keep the size cases cheap.
 * Every case must be refused quickly with a clean fault (or HTTP 413), store nothing, fetch
 * nothing, and leave the node healthy.
 */
class ParserDosIT {

  @RegisterExtension static final TestNode NODE = new TestNode(256 * 1024);

  /** Budget for one hostile request (catalogue §8.5). */
  static final long BUDGET_MS = 2_000;

  private static Requests requests;
  private static TestClient organA;
  private static CounterServer counter;

  @BeforeAll
  static void setUp() throws Exception {
    requests = new Requests(NODE);
    organA = NODE.client(TestNode.ORGAN_A);
    counter = new CounterServer();
  }

  @AfterAll
  static void tearDown() {
    organA.close();
    counter.close();
  }

  private static String signedText() {
    return new String(
        RawSoap.bytes(requests.signed(requests.document(TestNode.ORGAN_A))),
        StandardCharsets.UTF_8);
  }

  /** A correctly signed request with {@code prolog} placed between XML declaration and root. */
  private static byte[] withProlog(String prolog) {
    String xml = signedText();
    int root = xml.indexOf("<soap:Envelope");
    assertTrue(root > 0, xml);
    return (xml.substring(0, root) + prolog + xml.substring(root)).getBytes(StandardCharsets.UTF_8);
  }

  private static RawSoap.Reply refused(byte[] request, ErrorCode code) throws Exception {
    return refused(request, "text/xml; charset=UTF-8", code);
  }

  private static RawSoap.Reply refused(byte[] request, String contentType, ErrorCode code)
      throws Exception {
    int hits = counter.hits();
    Invariants.Snapshot before = snapshot(NODE);
    long start = System.nanoTime();
    RawSoap.Reply reply = RawSoap.post(NODE.node().address(), "SendDocument", contentType, request);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertRefused(NODE, before, reply, code);
    assertTrue(ms < BUDGET_MS, "took " + ms + " ms");
    assertEquals(hits, counter.hits(), "the node made an outbound request");
    assertFalse(reply.body().contains("root:x:0:0"), "file content in the reply");
    assertHealthy(NODE, organA);
    return reply;
  }

  // ------------------------------------------------------------------ DTD and entities

  @Test
  void g65_billionLaughs() throws Exception {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE soap:Envelope [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        dtd.append("&lol").append(i - 1).append(';');
      }
      dtd.append("\">");
    }
    dtd.append("]>");
    String xml =
        new String(withProlog(dtd.toString()), StandardCharsets.UTF_8)
            .replaceFirst("<ex:Package>", "<ex:Package>&lol9;");
    refused(xml.getBytes(StandardCharsets.UTF_8), ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g66_externalGeneralEntityToALocalFile() throws Exception {
    String xml =
        new String(
                withProlog(
                    "<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"),
                StandardCharsets.UTF_8)
            .replaceFirst("<ex:Package>", "<ex:Package>&xxe;");
    refused(xml.getBytes(StandardCharsets.UTF_8), ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g67_externalParameterEntityToTheCounter() throws Exception {
    refused(
        withProlog(
            "<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM \"" + counter.url("p") + "\"> %p;]>"),
        ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g68_plainDoctypeWithASystemIdOnAValidlySignedMessage() throws Exception {
    refused(
        withProlog("<!DOCTYPE soap:Envelope SYSTEM \"" + counter.url("dtd") + "\">"),
        ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g68_internalSubsetWithUnusedEntitiesOnAValidlySignedMessage() throws Exception {
    refused(withProlog("<!DOCTYPE soap:Envelope [<!ENTITY a \"b\">]>"), ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g69_schemaLocationAndXIncludeAreNotResolved() throws Exception {
    Document doc = requests.signed(requests.document(TestNode.ORGAN_A));
    Element envelope = doc.getDocumentElement();
    envelope.setAttributeNS(
        "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation",
        "urn:x " + counter.url("schema.xsd"));
    Element w = doc.createElementNS("urn:evil", "e:Wrapper");
    Element include = doc.createElementNS("http://www.w3.org/2001/XInclude", "xi:include");
    include.setAttribute("href", counter.url("xinclude"));
    w.appendChild(include);
    RawSoap.header(doc).appendChild(w);
    int hits = counter.hits();
    RawSoap.Reply reply = requests.send(doc);
    // Documented outcome: neither is resolved; the otherwise valid message is accepted.
    assertEquals(200, reply.status(), reply.body());
    assertEquals(hits, counter.hits());
  }

  // ------------------------------------------------------------------ StAX limits

  private static byte[] unsignedWithHeader(String headerXml) {
    String xml =
        new String(
            RawSoap.bytes(requests.document(TestNode.ORGAN_A).unsigned()), StandardCharsets.UTF_8);
    return xml.replaceFirst("<soap:Header>", "<soap:Header>" + headerXml)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String nested(int depth) {
    return "<e:d xmlns:e=\"urn:evil\">".repeat(depth) + "</e:d>".repeat(depth);
  }

  @Test
  void g70_depthJustOverTheLimit() throws Exception {
    refused(unsignedWithHeader(nested(40)), ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g70_depthTenThousand() throws Exception {
    refused(unsignedWithHeader(nested(10_000)), ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g71_tooManyAttributes() throws Exception {
    // The configured 64 (org.apache.cxf.stax.maxAttributeCount) does not reach Woodstox's
    // attribute collector (CXF sets it on the reader after creation); Woodstox's own 1000 applies.
    for (int n : new int[] {1_001}) {
      StringBuilder sb = new StringBuilder("<e:a xmlns:e=\"urn:evil\"");
      for (int i = 0; i < n; i++) {
        sb.append(" a").append(i).append("=\"v\"");
      }
      refused(unsignedWithHeader(sb.append("/>").toString()), ErrorCode.REQUEST_INVALID);
    }
  }

  @Test
  void g71_hugeAttributeValue() throws Exception {
    refused(
        unsignedWithHeader("<e:a xmlns:e=\"urn:evil\" v=\"" + "x".repeat(70_000) + "\"/>"),
        ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g72_tooManyChildren() throws Exception {
    refused(
        unsignedWithHeader("<e:p xmlns:e=\"urn:evil\">" + "<e:c/>".repeat(2_001) + "</e:p>"),
        ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g72_tooManyElements() throws Exception {
    String group = "<e:p>" + "<e:c/>".repeat(999) + "</e:p>";
    refused(
        unsignedWithHeader("<e:w xmlns:e=\"urn:evil\">" + group.repeat(21) + "</e:w>"),
        ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g73_overlongElementName() throws Exception {
    // No name-length limit in the parser: bounded by the request size; refused (unsigned) in time.
    refused(
        unsignedWithHeader("<e:" + "n".repeat(1_000_000) + " xmlns:e=\"urn:evil\"/>"),
        ErrorCode.SECURITY_FAILED);
  }

  // ------------------------------------------------------------------ size, encoding, malformed

  @Test
  void g74_requestOverTheSizeLimitGets413() throws Exception {
    byte[] big =
        unsignedWithHeader("<e:pad xmlns:e=\"urn:evil\">" + "x".repeat(2 << 20) + "</e:pad>");
    Invariants.Snapshot before = snapshot(NODE);
    // The node judges the declared Content-Length before reading any body byte. The request is
    // written as headers only: a client still writing the 2 MB body when the node answers 413 and
    // closes sometimes sees the reset instead of the answer (the JDK client's Expect: 100-continue
    // would avoid that but hangs on a non-100 answer in Java 17).
    URI uri = URI.create(NODE.node().address());
    String answer;
    try (Socket s = new Socket("127.0.0.1", uri.getPort())) {
      s.setSoTimeout(10_000);
      String head =
          "POST "
              + uri.getPath()
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=UTF-8\r\n"
              + "SOAPAction: \"urn:vn:edxml:exchange:1/SendDocument\"\r\n"
              + "Connection: close\r\nContent-Length: "
              + big.length
              + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      answer = new String(s.getInputStream().readNBytes(200_000), StandardCharsets.UTF_8);
    }
    RawSoap.Reply reply =
        new RawSoap.Reply(
            answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1,
            null,
            answer.contains("\r\n\r\n")
                ? answer.substring(answer.indexOf("\r\n\r\n") + 4)
                : answer);
    assertEquals(413, reply.status(), reply.body());
    assertNoLeak(reply.body());
    assertNothingStored(NODE, before);
    assertHealthy(NODE, organA);
  }

  @Test
  void g74_chunkedRequestOverTheSizeLimitIsCutOff() throws Exception {
    byte[] big =
        unsignedWithHeader("<e:pad xmlns:e=\"urn:evil\">" + "x".repeat(2 << 20) + "</e:pad>");
    Invariants.Snapshot before = snapshot(NODE);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(NODE.node().address()))
            .header("Content-Type", "text/xml; charset=UTF-8")
            .header("SOAPAction", "\"urn:vn:edxml:exchange:1/SendDocument\"")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();
    int status;
    try {
      RawSoap.Reply reply = RawSoap.send(request);
      status = reply.status();
      assertNoLeak(reply.body());
    } catch (java.io.UncheckedIOException e) {
      status = -1; // the node closed the connection while the client was still sending
    }
    assertTrue(status == 413 || status == 500 || status == -1, "status " + status);
    assertNothingStored(NODE, before);
    assertHealthy(NODE, organA);
  }

  @Test
  void g74_contentLengthSmallerThanTheBody() throws Exception {
    byte[] body = RawSoap.bytes(requests.signed(requests.document(TestNode.ORGAN_A)));
    Invariants.Snapshot before = snapshot(NODE);
    URI uri = URI.create(NODE.node().address());
    String reply;
    try (Socket s = new Socket("127.0.0.1", uri.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String head =
          "POST "
              + uri.getPath()
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=UTF-8\r\n"
              + "SOAPAction: \"urn:vn:edxml:exchange:1/SendDocument\"\r\n"
              + "Connection: close\r\nContent-Length: "
              + (body.length / 2)
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      reply = new String(in.readNBytes(200_000), StandardCharsets.UTF_8);
    } catch (java.net.SocketException e) {
      reply = "";
    }
    assertFalse(reply.startsWith("HTTP/1.1 200"), reply);
    assertNoLeak(reply);
    assertNothingStored(NODE, before);
    assertHealthy(NODE, organA);
  }

  @Test
  void g75_gzipBombIsNotInflated() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
    }
    Invariants.Snapshot before = snapshot(NODE);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(NODE.node().address()))
            .header("Content-Type", "text/xml; charset=UTF-8")
            .header("Content-Encoding", "gzip")
            .header("SOAPAction", "\"urn:vn:edxml:exchange:1/SendDocument\"")
            .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
            .build();
    long start = System.nanoTime();
    RawSoap.Reply reply = RawSoap.send(request);
    assertTrue((System.nanoTime() - start) / 1_000_000 < BUDGET_MS);
    assertTrue(reply.status() >= 400, reply.body());
    assertNoLeak(reply.body());
    assertNothingStored(NODE, before);
    assertHealthy(NODE, organA);
  }

  @Test
  void g77_truncatedXml() throws Exception {
    byte[] body = RawSoap.bytes(requests.signed(requests.document(TestNode.ORGAN_A)));
    refused(java.util.Arrays.copyOf(body, body.length / 2), ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g77_invalidUtf8() throws Exception {
    byte[] body = unsignedWithHeader("<e:a xmlns:e=\"urn:evil\">XY</e:a>");
    String s = new String(body, StandardCharsets.ISO_8859_1);
    int i = s.indexOf("XY");
    body[i] = (byte) 0xC3;
    body[i + 1] = (byte) 0x28;
    refused(body, ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g77_nulByte() throws Exception {
    byte[] body = unsignedWithHeader("<e:a xmlns:e=\"urn:evil\">X</e:a>");
    int i = new String(body, StandardCharsets.ISO_8859_1).indexOf(">X<") + 1;
    body[i] = 0;
    refused(body, ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g77_notXmlAtAll() throws Exception {
    refused("hello, node".getBytes(StandardCharsets.US_ASCII), ErrorCode.REQUEST_INVALID);
  }

  @Test
  void g76_xopIncludeToAnHttpUrlIsNotFetched() throws Exception {
    Document doc = requests.document(TestNode.ORGAN_A).unsigned();
    Element pkg = RawSoap.first(doc, RawSoap.EX, "Package");
    pkg.setTextContent("");
    Element include = doc.createElementNS("http://www.w3.org/2004/08/xop/include", "xop:Include");
    include.setAttribute("href", counter.url("xop"));
    pkg.appendChild(include);
    byte[] envelope = RawSoap.bytes(requests.signer(TestNode.ORGAN_A).sign(doc));
    String boundary = "b" + System.nanoTime();
    String body =
        "--"
            + boundary
            + "\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n"
            + "Content-ID: <root@test>\r\n\r\n"
            + new String(envelope, StandardCharsets.UTF_8)
            + "\r\n--"
            + boundary
            + "--\r\n";
    RawSoap.Reply reply =
        refusedAnyCode(
            body.getBytes(StandardCharsets.UTF_8),
            "multipart/related; type=\"application/xop+xml\"; boundary=\""
                + boundary
                + "\"; start=\"<root@test>\"; start-info=\"text/xml\"");
    assertTrue(reply.status() >= 400);
  }

  /** Refused with some clean fault (the code is logged, not asserted). */
  private static RawSoap.Reply refusedAnyCode(byte[] request, String contentType) throws Exception {
    int hits = counter.hits();
    Invariants.Snapshot before = snapshot(NODE);
    RawSoap.Reply reply = RawSoap.post(NODE.node().address(), "SendDocument", contentType, request);
    assertTrue(reply.isFault(), reply.body());
    assertTrue(reply.code() != null, reply.body());
    assertNoLeak(reply.body());
    assertNothingStored(NODE, before);
    assertEquals(hits, counter.hits(), "the node made an outbound request");
    assertHealthy(NODE, organA);
    System.out.println("refused with " + reply.code());
    return reply;
  }
}

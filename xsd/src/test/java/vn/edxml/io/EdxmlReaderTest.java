package vn.edxml.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Organ;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.XmlLimits;

/** Hostile and unusual input: every refusal is typed, located and leaves no spool files. */
class EdxmlReaderTest {

  private static final String NS = EdxmlNames.QCVN_NS;
  private static final byte[] PAYLOAD =
      "nội dung văn bản\n".repeat(40).getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  Path spool;
  String edoc;
  String status;

  @BeforeEach
  void packages() throws IOException {
    spool = tmp.resolve("spool");
    Edoc built =
        Edoc.builder()
            .from(Organ.of("000.00.00.H41", "UBND Tỉnh Nghệ An"))
            .to(Organ.of("000.00.00.G22", "Văn phòng Chính phủ"))
            .code("123", "UBND-VP")
            .promulgated("Nghệ An", LocalDate.of(2026, 11, 20))
            .type(1, "Công văn")
            .subject("V/v thử")
            .signer("", "Chủ tịch", "Nguyễn Văn A")
            .attach(
                Attachment.builder()
                    .contentId("a1")
                    .name("a.txt")
                    .contentType("text/plain")
                    .content(() -> new ByteArrayInputStream(PAYLOAD))
                    .build())
            .build();
    edoc = write(built);
    status =
        write(
            Status.builder()
                .from(Organ.of("000.00.00.G22", "Văn phòng Chính phủ"))
                .responseFor(built)
                .code(StatusCode.ACCEPTED)
                .build());
  }

  // ------------------------------------------------------------------ well-formed input

  @Test
  void readsWhatTheWriterWrote() throws IOException {
    Edoc read = assertInstanceOf(Edoc.class, read(edoc));

    assertArrayEquals(PAYLOAD, bytes(read.attachment("a1").orElseThrow()));
    assertEquals(PAYLOAD.length, read.attachment("a1").orElseThrow().size().orElseThrow());
    assertTrue(read.attachment("a1").orElseThrow().file().orElseThrow().startsWith(spool));
    assertInstanceOf(Status.class, read(status));
  }

  @Test
  void prefixesDoNotMatterOnlyNamespaces() throws IOException {
    String prefixed =
        edoc.replace("<edXML xmlns=\"" + NS + "\">", "<q:edXML xmlns:q=\"" + NS + "\">")
            .replaceAll("<(/?)(?!q:)([A-Za-z])", "<$1q:$2");

    Edoc read = assertInstanceOf(Edoc.class, read(prefixed));

    assertEquals("000.00.00.H41", read.from().organId());
    assertArrayEquals(PAYLOAD, bytes(read.attachments().get(0)));
  }

  @Test
  void sameNamesInAnotherNamespaceAreNotEdxml() {
    String other = edoc.replace("xmlns=\"" + NS + "\"", "xmlns=\"urn:other\"");

    assertCode(ParseErrorCode.NOT_EDXML, other);
  }

  @Test
  void attachmentChildrenMayComeInAnyOrderAndBase64MayBeWrapped() throws IOException {
    String base64 = Base64.getMimeEncoder().encodeToString(PAYLOAD);
    String reordered =
        edoc.replaceAll(
            "(?s)<Attachment>.*</Attachment>",
            "<Attachment><ContentTransferEncoded>\n"
                + base64
                + "\n</ContentTransferEncoded><ContentType>text/plain</ContentType>"
                + "<AttachmentName>a.txt</AttachmentName><ContentId>a1</ContentId></Attachment>");
    assertTrue(base64.contains("\r\n"), "the MIME encoder wraps lines");

    Edoc read = assertInstanceOf(Edoc.class, read(reordered));

    Attachment a = read.attachments().get(0);
    assertEquals("a1", a.contentId());
    assertEquals("a.txt", a.name());
    assertArrayEquals(PAYLOAD, bytes(a));
  }

  @Test
  void headerChildrenMayComeInAnyOrderWhereTheSchemaAllows() throws IOException {
    String swapped =
        edoc.replaceAll(
            "(?s)(<OrganId>000.00.00.H41</OrganId>)(.*?)(<OrganName>[^<]*</OrganName>)", "$3$2$1");
    assertFalse(swapped.equals(edoc));

    Edoc read = assertInstanceOf(Edoc.class, read(swapped));

    assertEquals("000.00.00.H41", read.from().organId());
    assertEquals("UBND Tỉnh Nghệ An", read.from().name());
  }

  @Test
  void xmldsigSignatureIsKeptOnWrite() throws IOException {
    String signed =
        edoc.replace(
            "</edXMLHeader>",
            "<Signature xmlns=\""
                + EdxmlNames.XMLDSIG_NS
                + "\"><SignedInfo/><SignatureValue>c2lnbmF0dXJl</SignatureValue></Signature>"
                + "</edXMLHeader>");

    Edoc read = assertInstanceOf(Edoc.class, read(signed));
    String written = write(read);

    assertTrue(read.hasSignature());
    assertTrue(written.contains(EdxmlNames.XMLDSIG_NS), written);
    assertTrue(written.contains("c2lnbmF0dXJl</"), written);
    assertFalse(
        SampleRoundTripTest.compare(
                signed.getBytes(StandardCharsets.UTF_8), written.getBytes(StandardCharsets.UTF_8))
            .hasDifferences());
  }

  @Test
  void unknownElementsAreSkippedUnlessStrict() throws IOException {
    String extended = edoc.replace("</Subject>", "</Subject><Extension>x</Extension>");

    assertEquals("V/v thử", ((Edoc) read(extended)).subject());
    EdxmlParseException e =
        assertThrows(
            EdxmlParseException.class,
            () -> reader(EdxmlReader.builder().strict(true)).read(stream(extended)));
    assertEquals(ParseErrorCode.ELEMENT_UNEXPECTED, e.code());
    assertEquals(lineOf(extended, "<Extension>"), e.line());
  }

  // ------------------------------------------------------------------ hostile input

  @Test
  void doctypeWithExternalEntityIsRefusedAndTheFileIsNotRead() throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET-VALUE");
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE edXML [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>\n<edXML xmlns=\""
            + NS
            + "\"><edXMLEnvelope>&x;</edXMLEnvelope></edXML>";

    EdxmlParseException e = assertCode(ParseErrorCode.DTD_FORBIDDEN, xxe);

    assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void entityExpansionBombIsRefused() {
    String lol =
        "<?xml version=\"1.0\"?><!DOCTYPE edXML [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            + "<edXML xmlns=\""
            + NS
            + "\">&c;</edXML>";

    assertCode(ParseErrorCode.DTD_FORBIDDEN, lol);
  }

  @Test
  void notXmlIsRefused() {
    assertCode(ParseErrorCode.NOT_XML, "this is not XML");
    assertCode(ParseErrorCode.NOT_XML, "");
    EdxmlParseException truncated =
        assertCode(ParseErrorCode.NOT_XML, edoc.substring(0, edoc.length() / 2));
    assertTrue(truncated.line() > 1, "a location is given: " + truncated.getMessage());
  }

  @Test
  void wrongRootOrNoEnvelopeIsNotEdxml() {
    assertCode(ParseErrorCode.NOT_EDXML, "<html><body/></html>");
    assertCode(ParseErrorCode.NOT_EDXML, "<edXML xmlns=\"" + NS + "\"/>");
    assertCode(
        ParseErrorCode.NOT_EDXML,
        edoc.replace("<edXMLEnvelope>", "<edXMLEnvelope><edXMLEnvelope/>")
            .replace("</edXMLEnvelope>", "</edXMLEnvelope><edXMLEnvelope/>"));
  }

  @Test
  void depthBombIsRefused() {
    String deep =
        "<edXML xmlns=\"" + NS + "\">" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</edXML>";

    assertCode(ParseErrorCode.LIMIT_EXCEEDED, deep);
  }

  @Test
  void elementCountLimit() {
    XmlLimits limits = new XmlLimits(64, 100, 64, 1 << 20, 1 << 20, 1 << 20);
    String many = edoc.replace("</ToPlaces>", "<Place>x</Place>".repeat(200) + "</ToPlaces>");

    assertCode(ParseErrorCode.LIMIT_EXCEEDED, many, limits);
  }

  @Test
  void attributeCountLimit() {
    StringBuilder attributes = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      attributes.append(" a").append(i).append("=\"x\"");
    }
    String crowded =
        edoc.replace(
            "<edXMLManifest version=\"1.0\"", "<edXMLManifest version=\"1.0\"" + attributes);

    assertCode(ParseErrorCode.LIMIT_EXCEEDED, crowded);
  }

  @Test
  void textLengthLimitOutsideAttachments() {
    XmlLimits limits = new XmlLimits(64, 10_000, 64, 1024, 1 << 20, 1 << 20);
    String longSubject = edoc.replace("V/v thử</Subject>", "x".repeat(5000) + "</Subject>");

    assertCode(ParseErrorCode.LIMIT_EXCEEDED, longSubject, limits);
  }

  @Test
  void attachmentContentHasItsOwnLimit() throws IOException {
    XmlLimits small = new XmlLimits(64, 10_000, 64, 1024, 2000, 1 << 20);
    XmlLimits tiny = small.withMaxAttachmentChars(100);

    // The 1.1 KB payload's base64 passes the 1024-character text limit...
    assertArrayEquals(PAYLOAD, bytes(((Edoc) read(edoc, small)).attachments().get(0)));
    // ...but not a 100-character attachment limit.
    assertCode(ParseErrorCode.LIMIT_EXCEEDED, edoc, tiny);
  }

  @Test
  void documentSizeLimit() {
    assertCode(ParseErrorCode.LIMIT_EXCEEDED, edoc, XmlLimits.DEFAULT.withMaxDocumentBytes(2048));
  }

  @Test
  void invalidBase64IsLocatedAndLeavesNoSpoolFile() throws IOException {
    String bad = edoc.replaceAll("<ContentTransferEncoded>", "<ContentTransferEncoded>@@");

    EdxmlParseException e = assertCode(ParseErrorCode.BASE64_INVALID, bad);

    assertEquals(lineOf(bad, "<ContentTransferEncoded>"), e.line());
    assertSpoolEmpty();
    assertCode(
        ParseErrorCode.BASE64_INVALID,
        edoc.replaceAll("</ContentTransferEncoded>", "A</ContentTransferEncoded>"));
    assertCode(
        ParseErrorCode.BASE64_INVALID,
        edoc.replaceAll("<ContentTransferEncoded>", "<ContentTransferEncoded>QQ==QUFB"));
    assertSpoolEmpty();
  }

  @Test
  void impossibleDateIsLocated() {
    String bad = edoc.replace("2026/11/20</PromulgationDate>", "2026/02/30</PromulgationDate>");

    EdxmlParseException e = assertCode(ParseErrorCode.DATE_INVALID, bad);

    assertEquals(lineOf(bad, "2026/02/30"), e.line());
    assertTrue(e.getMessage().contains("2026/02/30"), e.getMessage());
  }

  @Test
  void impossibleTimestampInAStatusIsLocated() {
    String bad =
        status.replaceAll(
            "<Timestamp>[^<]*</Timestamp>", "<Timestamp>2026/11/20 25:00:00</Timestamp>");

    EdxmlParseException e = assertCode(ParseErrorCode.DATE_INVALID, bad);

    assertEquals(lineOf(bad, "25:00:00"), e.line());
  }

  @Test
  void badTypedValuesAreRefused() {
    assertCode(
        ParseErrorCode.VALUE_INVALID,
        edoc.replace("<Priority>0</Priority>", "<Priority>urgent</Priority>"));
    assertCode(
        ParseErrorCode.VALUE_INVALID,
        edoc.replace("<Priority>0</Priority>", "<Priority>9</Priority>"));
    assertCode(
        ParseErrorCode.VALUE_INVALID,
        status.replace("<StatusCode>03</StatusCode>", "<StatusCode>99</StatusCode>"));
  }

  @Test
  void failedReadLeavesNothingInTheSpoolFolder() throws IOException {
    String badAfterAttachment =
        edoc.replace("</AttachmentEncoded>", "</AttachmentEncoded><edXMLEnvelope/>");

    assertCode(ParseErrorCode.NOT_EDXML, badAfterAttachment);

    assertSpoolEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private EdxmlParseException assertCode(ParseErrorCode code, String xml) {
    return assertCode(code, xml, XmlLimits.DEFAULT);
  }

  private EdxmlParseException assertCode(ParseErrorCode code, String xml, XmlLimits limits) {
    EdxmlParseException e =
        assertThrows(EdxmlParseException.class, () -> read(xml, limits), "expected " + code);
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().startsWith(code.id()), e.getMessage());
    assertFalse(e.isRetryable());
    return e;
  }

  private void assertSpoolEmpty() throws IOException {
    if (Files.exists(spool)) {
      try (Stream<Path> files = Files.list(spool)) {
        assertEquals(0, files.count(), "spool folder " + spool + " is empty");
      }
    }
  }

  private EdxmlPackage read(String xml) throws IOException {
    return read(xml, XmlLimits.DEFAULT);
  }

  private EdxmlPackage read(String xml, XmlLimits limits) throws IOException {
    return reader(EdxmlReader.builder().limits(limits)).read(stream(xml));
  }

  private EdxmlReader reader(EdxmlReader.Builder builder) {
    return builder.attachmentFolder(spool).build();
  }

  private static InputStream stream(String xml) {
    return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static String write(EdxmlPackage pkg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EdxmlWriter.create().write(pkg, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Attachment a) throws IOException {
    try (InputStream in = a.openStream()) {
      return in.readAllBytes();
    }
  }

  /** 1-based line of the first occurrence of {@code marker}. */
  private static int lineOf(String text, String marker) {
    int at = text.indexOf(marker);
    assertTrue(at >= 0, marker);
    return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }
}

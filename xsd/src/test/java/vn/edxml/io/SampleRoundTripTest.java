package vn.edxml.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.Comparison;
import org.xmlunit.diff.ComparisonResult;
import org.xmlunit.diff.ComparisonType;
import org.xmlunit.diff.DefaultNodeMatcher;
import org.xmlunit.diff.Diff;
import org.xmlunit.diff.DifferenceEvaluator;
import org.xmlunit.diff.DifferenceEvaluators;
import org.xmlunit.diff.ElementSelectors;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Status;
import vn.edxml.xml.EdxmlNames;

/**
 * Each real national-axis package is read into the model and written back; the result has the same
 * content (XMLUnit, attachments compared by decoded bytes) and validates against the schema.
 */
class SampleRoundTripTest {

  @TempDir Path spool;

  static Stream<Path> samples() {
    return Samples.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void writtenPackageHasTheSameContent(Path sample) throws Exception {
    EdxmlPackage read = reader().read(sample);
    byte[] written = write(read);

    Diff diff = compare(Files.readAllBytes(sample), written);

    assertFalse(diff.hasDifferences(), () -> sample.getFileName() + ": " + diff.fullDescription());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void writtenPackageValidatesAgainstTheSchema(Path sample) throws Exception {
    EdxmlPackage read = reader().read(sample);

    Samples.validate(write(read), read instanceof Edoc);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void packageKindFollowsTheContent(Path sample) throws Exception {
    EdxmlPackage read = reader().read(sample);

    boolean statusFile = sample.getFileName().toString().startsWith("status");
    assertEquals(statusFile ? Status.class : Edoc.class, read.getClass());
    assertEquals(statusFile ? "status" : "edoc", read.messageType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void attachmentBytesEqualAnIndependentDecodeOfTheSample(Path sample) throws Exception {
    EdxmlPackage read = reader().read(sample);
    List<byte[]> expected = decodeIndependently(sample);
    List<Attachment> attachments =
        read instanceof Edoc edoc ? edoc.attachments() : List.<Attachment>of();

    assertEquals(expected.size(), attachments.size());
    for (int i = 0; i < expected.size(); i++) {
      Attachment a = attachments.get(i);
      try (InputStream in = a.openStream()) {
        assertArrayEquals(expected.get(i), in.readAllBytes(), a.toString());
      }
      assertEquals(expected.get(i).length, a.size().orElseThrow());
      assertTrue(a.isZip(), "the sample payloads are zipped .doc files: " + a);
    }
  }

  @Test
  void documentSampleValuesAreRead() throws Exception {
    Edoc edoc = assertInstanceOf(Edoc.class, reader().read(Samples.sample("edoc_new.edxml")));

    assertEquals("000.00.00.A80", edoc.from().organId());
    assertEquals("000.00.00.G22,2015/09/30,7816/VPCP-TTĐT", edoc.documentId());
    assertEquals("74fass22/VPCP-TTĐT", edoc.code().toString());
    assertEquals(java.time.LocalDate.of(2019, 1, 16), edoc.promulgationDate());
    assertEquals(List.of("28.22.H17"), edoc.to().stream().map(o -> o.organId()).toList());
    // Bussiness/DocumentId carries an impossible date (2014/02/30): kept, not parsed.
    assertEquals("000.00.00.G22,2014/02/30,7806/VPCP-TTĐT", edoc.businessDocumentId().get());
    assertTrue(vn.edxml.model.DocumentId.tryParse(edoc.businessDocumentId().get()).isEmpty());
    assertTrue(edoc.hasSignature());
    Attachment a = edoc.attachment("cid:209").orElseThrow();
    assertEquals("209", a.contentId());
    assertEquals("1896_QD-TTg_m_294779.doc", a.name());
    assertEquals("application/zip", a.contentType());
  }

  @Test
  void zippedSampleAttachmentExtracts(@TempDir Path out) throws Exception {
    Edoc edoc = (Edoc) reader().read(Samples.sample("edoc_new.edxml"));

    List<Path> files = edoc.attachments().get(0).extractZip(out);

    assertEquals(1, files.size());
    assertTrue(files.get(0).startsWith(out.toRealPath()));
    assertTrue(Files.size(files.get(0)) > edoc.attachments().get(0).size().orElseThrow());
  }

  @Test
  void comparisonDetectsAChangedAttachmentByte() throws Exception {
    Path sample = Samples.sample("edoc_new.edxml");
    Edoc read = (Edoc) reader().read(sample);
    Attachment original = read.attachments().get(0);
    byte[] bytes;
    try (InputStream in = original.openStream()) {
      bytes = in.readAllBytes();
    }
    bytes[bytes.length / 2] ^= 1;
    byte[] changed = bytes;
    Attachment tampered =
        original.toBuilder().content(() -> new java.io.ByteArrayInputStream(changed)).build();
    Edoc modified = Edoc.fromEnvelope(read.envelope(), List.of(tampered));

    Diff diff = compare(Files.readAllBytes(sample), write(modified));

    assertTrue(diff.hasDifferences(), "a changed attachment byte must be a difference");
  }

  @Test
  void comparisonDetectsAChangedHeaderValue() throws Exception {
    Path sample = Samples.sample("status_processing_05.edxml");
    String text = Files.readString(sample).replace(">05<", ">06<");

    Diff diff = compare(Files.readAllBytes(sample), text.getBytes(StandardCharsets.UTF_8));

    assertTrue(diff.hasDifferences());
  }

  private EdxmlReader reader() {
    return EdxmlReader.builder().attachmentFolder(spool).build();
  }

  private static byte[] write(EdxmlPackage pkg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EdxmlWriter.create().write(pkg, out);
    return out.toByteArray();
  }

  /**
   * Whitespace, prefixes and the order of siblings (which the schema leaves free in xs:all parts)
   * are ignored; attachment content is compared by its decoded bytes.
   */
  static Diff compare(byte[] control, byte[] test) {
    return DiffBuilder.compare(Input.fromByteArray(control))
        .withTest(Input.fromByteArray(test))
        .ignoreWhitespace()
        .ignoreComments()
        .checkForSimilar()
        .withNodeMatcher(new DefaultNodeMatcher(ElementSelectors.byName))
        .withDifferenceEvaluator(
            DifferenceEvaluators.chain(DifferenceEvaluators.Default, BASE64_BY_BYTES))
        .build();
  }

  private static final DifferenceEvaluator BASE64_BY_BYTES =
      (Comparison comparison, ComparisonResult outcome) -> {
        if (outcome == ComparisonResult.EQUAL
            || comparison.getType() != ComparisonType.TEXT_VALUE) {
          return outcome;
        }
        Node control = comparison.getControlDetails().getTarget();
        Node test = comparison.getTestDetails().getTarget();
        if (!isContent(control) || !isContent(test)) {
          return outcome;
        }
        byte[] a = Base64.getMimeDecoder().decode(control.getNodeValue());
        byte[] b = Base64.getMimeDecoder().decode(test.getNodeValue());
        return Arrays.equals(a, b) ? ComparisonResult.EQUAL : ComparisonResult.DIFFERENT;
      };

  private static boolean isContent(Node text) {
    Node parent = text == null ? null : text.getParentNode();
    return parent != null
        && EdxmlNames.QCVN_NS.equals(parent.getNamespaceURI())
        && "ContentTransferEncoded".equals(parent.getLocalName());
  }

  /** Decodes each ContentTransferEncoded with the DOM and the JDK decoder, not with our reader. */
  private static List<byte[]> decodeIndependently(Path sample) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(sample.toFile());
    NodeList nodes = document.getElementsByTagNameNS(EdxmlNames.QCVN_NS, "ContentTransferEncoded");
    List<byte[]> result = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      result.add(Base64.getMimeDecoder().decode(nodes.item(i).getTextContent()));
    }
    return result;
  }
}

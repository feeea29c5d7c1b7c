package vn.edxml.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import vn.edxml.schema.edoc.Bussiness;
import vn.edxml.schema.edoc.BussinessDocumentInfo;
import vn.edxml.schema.edoc.EdocEnvelope;
import vn.edxml.schema.edoc.EdocMessageHeader;

class EdocBuilderTest {

  @TempDir Path tmp;

  @Test
  void documentIdIsDerivedFromSenderDateAndCode() {
    Edoc edoc = TestData.minimal().build();

    assertEquals("000.00.00.H41,2026/11/20,123/UBND-VP", edoc.documentId());
    assertEquals(
        DocumentId.of("000.00.00.H41", LocalDate.of(2026, 11, 20), "123", "UBND-VP"),
        edoc.parsedDocumentId().orElseThrow());
  }

  @Test
  void aGivenDocumentIdIsKept() {
    Edoc edoc = TestData.minimal().documentId("urn:uuid:1234").build();

    assertEquals("urn:uuid:1234", edoc.documentId());
    assertTrue(edoc.parsedDocumentId().isEmpty());
  }

  @Test
  void defaultsAreThoseRealProducersUse() {
    Edoc edoc = TestData.minimal().build();

    assertEquals(edoc.subject(), edoc.content());
    assertEquals(Priority.NORMAL, edoc.priority());
    assertEquals(0, edoc.steeringType());
    assertTrue(edoc.dueDate().isEmpty());
    assertEquals(List.of(), edoc.toPlaces());
    assertEquals(BusinessDocType.NEW, edoc.businessDocType());
    assertTrue(edoc.businessDocumentId().isEmpty());
    assertEquals(
        List.of(new TraceHeader("000.00.00.H41", LocalDateTime.of(2026, 11, 20, 9, 30, 15))),
        edoc.traces());
    Bussiness b = edoc.envelope().getEdXMLHeader().getTraceHeaderList().getBussiness();
    assertEquals("Văn bản điện tử mới", b.getBussinessDocReason());
    assertEquals(0, b.getPaper());
    EdocMessageHeader h = edoc.envelope().getEdXMLHeader().getMessageHeader();
    assertEquals(1, h.getOtherInfo().getPromulgationAmount());
    assertEquals("", h.getFrom().getTelephone(), "required From tags are written, empty");
    assertEquals("1.0", edoc.envelope().getEdXMLBody().getEdXMLManifest().getVersion());
  }

  @Test
  void writtenDocumentHasEveryRequiredTagAndValidates() throws Exception {
    Document dom = Packages.dom(Packages.writeValid(TestData.minimal().build()));

    assertEquals("", Packages.only(dom, "DueDate"));
    assertEquals(1, Packages.count(dom, "ToPlaces"));
    assertEquals("0", Packages.only(dom, "SteeringType"));
    assertEquals("2026/11/20 09:30:15", Packages.only(dom, "Timestamp"));
    var faxes = dom.getElementsByTagNameNS(vn.edxml.xml.EdxmlNames.QCVN_NS, "Fax");
    assertEquals(2, faxes.getLength(), "From and To both carry the Fax tag, empty when unknown");
    assertEquals("", faxes.item(0).getTextContent() + faxes.item(1).getTextContent());
    assertEquals(1, Packages.count(dom, "AttachmentEncoded"));
  }

  @Test
  void writtenDocumentReadsBackToTheSameValues() throws Exception {
    Edoc built =
        TestData.minimal()
            .dueDate(LocalDate.of(2026, 12, 1))
            .priority(Priority.EXPRESS)
            .toPlaces("Như trên", "Lưu: VT")
            .appendix("Phụ lục I")
            .staff(StaffInfo.builder().staff("Trần Thị B").department("Văn thư").build())
            .build();

    Edoc read = assertInstanceOf(Edoc.class, Packages.read(Packages.writeValid(built), tmp));

    assertEquals(built.documentId(), read.documentId());
    assertEquals(built.from(), read.from());
    assertEquals(built.to(), read.to());
    assertEquals(built.code(), read.code());
    assertEquals(built.promulgationDate(), read.promulgationDate());
    assertEquals(built.signer(), read.signer());
    assertEquals(LocalDate.of(2026, 12, 1), read.dueDate().orElseThrow());
    assertEquals(Priority.EXPRESS, read.priority());
    assertEquals(List.of("Như trên", "Lưu: VT"), read.toPlaces());
    assertEquals(built.staff(), read.staff());
    assertEquals(built.traces(), read.traces());
  }

  @Test
  void attachmentsGetSequentialIdsAndStreamBack() throws Exception {
    Path pdf = Files.write(tmp.resolve("cv-123.pdf"), new byte[] {'%', 'P', 'D', 'F', 0, -1});
    Path doc = Files.writeString(tmp.resolve("phu luc.docx"), "phụ lục", StandardCharsets.UTF_8);
    Edoc built =
        TestData.minimal().attach(pdf, "application/pdf").attach(doc, "application/docx").build();

    byte[] xml = Packages.writeValid(built);
    Edoc read = (Edoc) Packages.read(xml, Files.createDirectory(tmp.resolve("spool")));

    assertEquals(List.of("1", "2"), read.attachments().stream().map(a -> a.contentId()).toList());
    assertEquals("cv-123.pdf", read.attachment("cid:1").orElseThrow().name());
    assertEquals("phu luc.docx", read.attachment("2").orElseThrow().name());
    try (InputStream in = read.attachment("1").orElseThrow().openStream()) {
      assertArrayEquals(Files.readAllBytes(pdf), in.readAllBytes());
    }
    assertFalse(read.attachment("1").orElseThrow().isZip());
    Document dom = Packages.dom(xml);
    assertEquals(2, Packages.count(dom, "Reference"));
    assertEquals(
        "cid:1",
        dom.getElementsByTagNameNS(vn.edxml.xml.EdxmlNames.QCVN_NS, "ContentId")
            .item(0)
            .getTextContent());
  }

  @Test
  void revocationNamesTheRevokedDocument() throws Exception {
    Edoc edoc = TestData.minimal().revokes("000.00.00.H41,2026/11/01,99/UBND-VP").build();

    assertEquals(BusinessDocType.REVOKE, edoc.businessDocType());
    assertEquals("000.00.00.H41,2026/11/01,99/UBND-VP", edoc.businessDocumentId().orElseThrow());
    Document dom = Packages.dom(Packages.writeValid(edoc));
    assertEquals("1", Packages.only(dom, "BussinessDocType"));
    assertEquals("Thu hồi văn bản điện tử", Packages.only(dom, "BussinessDocReason"));
  }

  @Test
  void updateListsChangedReceivers() throws Exception {
    Edoc edoc =
        TestData.minimal()
            .updates("000.00.00.H41,2026/11/01,99/UBND-VP", true)
            .receiverAdded("000.00.00.H14")
            .receiverRemoved("000.00.00.G17")
            .build();

    Packages.writeValid(edoc);
    assertEquals(BusinessDocType.UPDATE, edoc.businessDocType());
    BussinessDocumentInfo info =
        edoc.envelope()
            .getEdXMLHeader()
            .getTraceHeaderList()
            .getBussiness()
            .getBussinessDocumentInfo()
            .get(0);
    assertEquals(1, info.getDocumentInfo());
    assertEquals(1, info.getDocumentReceiver());
    assertEquals(
        List.of("000.00.00.H14=1", "000.00.00.G17=0"),
        info.getReceiverList().getReceiver().stream()
            .map(r -> r.getOrganId() + "=" + r.getReceiverType())
            .toList());
  }

  @Test
  void metadataOnlyUpdateHasNoReceiverList() {
    Edoc edoc = TestData.minimal().updates("X,2026/11/01,1/A", true).build();

    BussinessDocumentInfo info =
        edoc.envelope()
            .getEdXMLHeader()
            .getTraceHeaderList()
            .getBussiness()
            .getBussinessDocumentInfo()
            .get(0);
    assertEquals(0, info.getDocumentReceiver());
    assertEquals(null, info.getReceiverList());
  }

  @Test
  void replacementListsEachReplacedDocumentAndItsHolders() throws Exception {
    Edoc edoc =
        TestData.minimal()
            .replaces("000.00.00.H41,2026/10/01,7/UBND-VP", "000.00.00.G22", "000.00.00.H14")
            .replaces("000.00.00.H41,2026/10/02,8/UBND-VP", "000.00.00.G22")
            .build();

    Packages.writeValid(edoc);
    assertEquals(BusinessDocType.REPLACE, edoc.businessDocType());
    assertEquals("000.00.00.H41,2026/10/01,7/UBND-VP", edoc.businessDocumentId().orElseThrow());
    var infos =
        edoc.envelope()
            .getEdXMLHeader()
            .getTraceHeaderList()
            .getBussiness()
            .getReplacementInfoList()
            .get(0)
            .getReplacementInfo();
    assertEquals(2, infos.size());
    assertEquals(
        List.of("000.00.00.G22", "000.00.00.H14"), infos.get(0).getOrganIdList().getOrganId());
    assertEquals("000.00.00.H41,2026/10/02,8/UBND-VP", infos.get(1).getDocumentId());
  }

  @Test
  void responseForTakesAnEarlierDocument() {
    Edoc earlier = TestData.minimal().build();
    Edoc reply =
        Edoc.builder()
            .clock(TestData.CLOCK)
            .from(TestData.RECEIVER)
            .to(TestData.SENDER)
            .code("45", "VPCP-TH")
            .promulgated("Hà Nội", LocalDate.of(2026, 11, 25))
            .type(1, "Công văn")
            .subject("Trả lời")
            .signer("", "Chánh Văn phòng", "Lê C")
            .responseFor(earlier)
            .build();

    assertEquals(
        new ResponseFor(
            "000.00.00.H41", "123/UBND-VP", LocalDate.of(2026, 11, 20), earlier.documentId()),
        reply.responseFor().get(0));
  }

  @Test
  void missingRequiredValuesAreNamed() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Edoc.builder()
                    .from(TestData.SENDER)
                    .to(TestData.RECEIVER)
                    .code("1", "A")
                    .promulgated("X", LocalDate.of(2026, 1, 1))
                    .type(1, "Công văn")
                    .signer("", "", "A")
                    .build());
    assertTrue(e.getMessage().contains("subject"), e.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> TestData.minimal().receiverAdded("000.00.00.H14").build());
    assertThrows(IllegalArgumentException.class, () -> TestData.minimal().subject("  "));
    Attachment a = TestData.text("same", "a.txt", "a");
    Attachment b = TestData.text("same", "b.txt", "b");
    assertThrows(IllegalStateException.class, () -> TestData.minimal().attach(a).attach(b).build());
  }

  @Test
  void envelopeIsACopy() {
    Edoc edoc = TestData.minimal().build();
    EdocEnvelope copy = edoc.envelope();

    copy.getEdXMLHeader().getMessageHeader().setSubject("changed");

    assertEquals("V/v triển khai liên thông văn bản", edoc.subject());
    assertEquals(
        "V/v triển khai liên thông văn bản",
        edoc.envelope().getEdXMLHeader().getMessageHeader().getSubject());
  }
}

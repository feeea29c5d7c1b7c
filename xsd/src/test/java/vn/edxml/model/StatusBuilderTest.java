package vn.edxml.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;

class StatusBuilderTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(StatusCode.class)
  void everyCodeMakesAValidStatusThatReadsBack(StatusCode code) throws Exception {
    Edoc edoc = TestData.minimal().build();
    Status built =
        Status.builder()
            .clock(TestData.CLOCK)
            .from(TestData.RECEIVER)
            .responseFor(edoc)
            .code(code)
            .description("Lý do / ghi chú " + code.code())
            .build();

    byte[] xml = Packages.writeValid(built);
    Status read = assertInstanceOf(Status.class, Packages.read(xml, tmp));

    assertEquals(code, read.statusCode());
    assertEquals(code.code(), Packages.only(Packages.dom(xml), "StatusCode"));
    assertEquals(TestData.RECEIVER, read.from());
    assertEquals("Lý do / ghi chú " + code.code(), read.description().orElseThrow());
    assertEquals(LocalDateTime.of(2026, 11, 20, 9, 30, 15), read.timestamp());
    assertEquals(edoc.documentId(), read.responseFor().documentId());
  }

  @Test
  void responseForIsTakenFromTheDocument() {
    Edoc edoc = TestData.minimal().build();

    Status status =
        Status.builder()
            .from(TestData.RECEIVER)
            .responseFor(edoc)
            .code(StatusCode.ACCEPTED)
            .build();

    ResponseFor r = status.responseFor();
    assertEquals("000.00.00.H41", r.organId());
    assertEquals("123/UBND-VP", r.code());
    assertEquals(LocalDate.of(2026, 11, 20), r.promulgationDate());
    assertEquals("000.00.00.H41,2026/11/20,123/UBND-VP", r.documentId());
  }

  @Test
  void descriptionDefaultsToTheVietnameseName() {
    Status status =
        Status.builder()
            .from(TestData.RECEIVER)
            .responseFor(new ResponseFor("A", "1/X", null, "A,2026/01/01,1/X"))
            .code(StatusCode.PROCESSING)
            .build();

    assertEquals("Đang xử lý", status.description().orElseThrow());
  }

  @Test
  void rejectionNeedsAReason() {
    Status.Builder builder =
        Status.builder()
            .from(TestData.RECEIVER)
            .responseFor(TestData.minimal().build())
            .code(StatusCode.REJECTED);

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(e.getMessage().contains("description"), e.getMessage());
  }

  @Test
  void staffAndExplicitTimestampAreWritten() throws Exception {
    Status status =
        Status.builder()
            .from(TestData.RECEIVER)
            .responseFor(TestData.minimal().build())
            .code(StatusCode.RECALLED)
            .staff(StaffInfo.builder().staff("Nguyễn Thị C").mobile("0912000001").build())
            .timestamp(LocalDateTime.of(2026, 11, 21, 8, 0, 0, 999))
            .build();

    Document dom = Packages.dom(Packages.writeValid(status));

    assertEquals("2026/11/21 08:00:00", Packages.only(dom, "Timestamp"));
    assertEquals("Nguyễn Thị C", Packages.only(dom, "Staff"));
  }

  @Test
  void missingValuesAreNamed() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Status.builder().from(TestData.RECEIVER).code(StatusCode.ACCEPTED).build());
    assertTrue(e.getMessage().contains("responseFor"), e.getMessage());
  }
}

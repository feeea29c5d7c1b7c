package vn.edxml.model;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Organs and a fixed clock for builder tests. */
final class TestData {

  /** 2026-11-20 09:30:15 in Hà Nội (UTC+7). */
  static final Clock CLOCK =
      Clock.fixed(
          ZonedDateTime.of(2026, 11, 20, 2, 30, 15, 0, ZoneOffset.UTC).toInstant(),
          EdxmlPackage.VIETNAM);

  static final Organ SENDER =
      Organ.builder("000.00.00.H41", "UBND Tỉnh Nghệ An")
          .organizationInCharge("UBND Tỉnh Nghệ An")
          .address("Số 03, đường Trường Thi, Thành phố Vinh")
          .email("nghean@gov.vn")
          .build();

  static final Organ RECEIVER = Organ.of("000.00.00.G22", "Văn phòng Chính phủ");

  private TestData() {}

  static Edoc.Builder minimal() {
    return Edoc.builder()
        .clock(CLOCK)
        .from(SENDER)
        .to(RECEIVER)
        .code("123", "UBND-VP")
        .promulgated("Nghệ An", LocalDate.of(2026, 11, 20))
        .type(1, "Công văn")
        .subject("V/v triển khai liên thông văn bản")
        .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A");
  }

  static Attachment text(String id, String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return Attachment.builder()
        .contentId(id)
        .name(name)
        .contentType("text/plain")
        .content(() -> new ByteArrayInputStream(bytes))
        .size(bytes.length)
        .build();
  }
}

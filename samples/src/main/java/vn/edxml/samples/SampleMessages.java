package vn.edxml.samples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Organ;
import vn.edxml.model.StaffInfo;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;

/**
 * The project's own sample messages in {@code samples/messages/}, made with the public builders: an
 * official letter (công văn) from "UBND Demo A" to "UBND Demo B" with a small PDF attachment
 * written byte by byte here, and B's status packages 01 and 03 about it. Everything is invented;
 * the organ codes are the demo node's ({@code H99}).
 *
 * <p>Run {@code java -cp ... vn.edxml.samples.SampleMessages samples/messages} to write them again;
 * the output is the same byte for byte (fixed clock), which {@code SampleMessagesTest} checks.
 */
public final class SampleMessages {

  /** Demo organ A, the sender. */
  public static final Organ ORGAN_A = Organ.of("000.00.01.H99", "UBND Demo A");

  /** Demo organ B, the receiver. */
  public static final Organ ORGAN_B = Organ.of("000.00.02.H99", "UBND Demo B");

  /** The file name of the sample document package. */
  public static final String EDOC_FILE = "edoc_cong-van.edxml";

  private static final ZonedDateTime SENT =
      ZonedDateTime.of(2025, 6, 2, 9, 30, 0, 0, EdxmlPackage.VIETNAM);

  private SampleMessages() {}

  /** The sample document: công văn 125/UBND-VP with its PDF. */
  public static Edoc edoc() {
    byte[] pdf = letterPdf();
    return Edoc.builder()
        .clock(Clock.fixed(SENT.toInstant(), EdxmlPackage.VIETNAM))
        .from(ORGAN_A)
        .to(ORGAN_B)
        .code("125", "UBND-VP")
        .promulgated("Hà Nội", LocalDate.of(2025, 6, 2))
        .type(1, "Công văn")
        .subject("V/v thử nghiệm liên thông văn bản điện tử qua nút trao đổi edXML")
        .content(
            "UBND Demo A đề nghị UBND Demo B phối hợp thử nghiệm gửi, nhận văn bản điện tử qua"
                + " nút trao đổi edXML và phản hồi trạng thái xử lý. Văn bản mẫu, không có giá trị"
                + " pháp lý.")
        .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")
        .dueDate(LocalDate.of(2025, 6, 16))
        .toPlaces("Như trên", "Lưu: VT")
        .attach(
            Attachment.builder()
                .contentId("1")
                .name("125-UBND-VP.pdf")
                .contentType("application/pdf")
                .description("Công văn số 125/UBND-VP (bản PDF mẫu)")
                .content(() -> new ByteArrayInputStream(pdf))
                .size(pdf.length)
                .build())
        .build();
  }

  /** A status package from organ B about the sample document. */
  public static Status status(StatusCode code, LocalDateTime at) {
    return Status.builder()
        .from(ORGAN_B)
        .responseFor(edoc())
        .code(code)
        .staff(
            StaffInfo.builder()
                .department("Văn phòng")
                .staff("Trần Thị Bình")
                .email("van.thu@demo-b.invalid")
                .build())
        .timestamp(at)
        .build();
  }

  /** File name → package, in the order they are written. */
  public static Map<String, EdxmlPackage> all() {
    Map<String, EdxmlPackage> all = new LinkedHashMap<>();
    all.put(EDOC_FILE, edoc());
    all.put(
        "status_01_received.edxml",
        status(StatusCode.RECEIVED, SENT.toLocalDateTime().plusMinutes(5)));
    all.put(
        "status_03_accepted.edxml",
        status(StatusCode.ACCEPTED, SENT.toLocalDateTime().plusMinutes(40)));
    return all;
  }

  /** The bytes of a package as the project's writer produces them. */
  public static byte[] bytes(EdxmlPackage pkg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EdxmlWriter.create().write(pkg, out);
    return out.toByteArray();
  }

  /** Writes every sample into {@code folder}; returns the files written. */
  public static List<Path> writeAll(Path folder) throws IOException {
    Files.createDirectories(folder);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, EdxmlPackage> e : all().entrySet()) {
      Path file = folder.resolve(e.getKey());
      Files.write(file, bytes(e.getValue()));
      written.add(file);
    }
    return written;
  }

  /**
   * A one-page PDF 1.4 written byte by byte: Helvetica text (unaccented, as the standard 14 fonts
   * have no Vietnamese glyphs), with a correct cross-reference table.
   */
  public static byte[] letterPdf() {
    String[] lines = {
      "UY BAN NHAN DAN DEMO A          CONG HOA XA HOI CHU NGHIA VIET NAM",
      "So: 125/UBND-VP                 Doc lap - Tu do - Hanh phuc",
      "",
      "V/v thu nghiem lien thong van ban dien tu qua nut trao doi edXML",
      "",
      "Kinh gui: UBND Demo B",
      "",
      "UBND Demo A de nghi UBND Demo B phoi hop thu nghiem gui, nhan van ban",
      "dien tu qua nut trao doi edXML va phan hoi trang thai xu ly (01, 03).",
      "",
      "KT. CHU TICH / PHO CHU TICH / Nguyen Van An",
      "",
      "VAN BAN MAU (DEMO) - KHONG CO GIA TRI PHAP LY - SAMPLE ONLY",
    };
    StringBuilder content = new StringBuilder("BT\n/F1 11 Tf\n14 TL\n56 780 Td\n");
    for (String line : lines) {
      content.append('(').append(line.replace("(", "\\(").replace(")", "\\)")).append(") '\n");
    }
    content.append("ET\n");
    String stream = content.toString();
    List<String> objects =
        List.of(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                + " /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Length " + stream.length() + " >>\nstream\n" + stream + "endstream",
            "<< /Title (Cong van 125/UBND-VP - DEMO) /Producer (edxml-samples) >>");
    StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(pdf.length());
      pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
    }
    int xref = pdf.length();
    pdf.append("xref\n0 ").append(objects.size() + 1).append('\n');
    pdf.append("0000000000 65535 f \n");
    for (int offset : offsets) {
      pdf.append(String.format("%010d 00000 n \n", offset));
    }
    pdf.append("trailer\n<< /Size ")
        .append(objects.size() + 1)
        .append(" /Root 1 0 R /Info 6 0 R >>\nstartxref\n")
        .append(xref)
        .append("\n%%EOF\n");
    return pdf.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes the samples into the folder given (default {@code samples/messages}). */
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args.length > 0 ? args[0] : "samples/messages");
    for (Path p : writeAll(folder)) {
      System.out.println("wrote " + p + " (" + Files.size(p) + " bytes)");
    }
  }
}

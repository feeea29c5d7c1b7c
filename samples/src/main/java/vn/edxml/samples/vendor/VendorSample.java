package vn.edxml.samples.vendor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.FetchedFolder;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;
import vn.edxml.client.SendReceipt;
import vn.edxml.client.TraceEvent;
import vn.edxml.model.Edoc;
import vn.edxml.model.Organ;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.samples.SampleMessages;

/**
 * What a vendor's document-management software does with the client jar: organ A sends a công văn
 * with an attachment; organ B lists, fetches (package and attachments into a folder), confirms and
 * answers with status 03; organ A reads the document's trace.
 *
 * <p>Run: {@code java -cp samples.jar:edxml.jar vn.edxml.samples.vendor.VendorSample
 * organ-a.properties organ-b.properties [work-folder]} (see samples/vendor/README.md).
 */
public final class VendorSample {

  private VendorSample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: VendorSample organ-a.properties organ-b.properties [work-folder]\n"
              + "  the two client configurations, e.g. demo/organ-a.properties from"
              + " `java -jar adapter-server/target/edxml-node.jar demo demo`");
      System.exit(2);
    }
    vn.edxml.samples.QuietLogs.apply();
    Path work = Path.of(args.length > 2 ? args[2] : "vendor-sample");
    Files.createDirectories(work);
    Path pdf = work.resolve("cong-van.pdf");
    Files.write(pdf, SampleMessages.letterPdf());

    try (EdxmlClient a = EdxmlClient.fromConfig(Path.of(args[0]));
        EdxmlClient b = EdxmlClient.fromConfig(Path.of(args[1]))) {
      // --- Organ A: the vendor's "first send", about ten lines. ---
      Edoc edoc =
          Edoc.builder()
              .from(Organ.of(a.organ(), "UBND Demo A"))
              .to(Organ.of(b.organ(), "UBND Demo B"))
              .code(Long.toString(System.currentTimeMillis() % 1_000_000), "UBND-VP")
              .promulgated("Hà Nội", LocalDate.now())
              .type(1, "Công văn")
              .subject("V/v mẫu tích hợp phần mềm quản lý văn bản với nút trao đổi edXML")
              .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")
              .attach(pdf, "application/pdf")
              .build();
      Outcome<SendReceipt> sent = a.send(edoc);
      if (!sent.isAccepted()) {
        System.err.println("A: refused: " + sent.rejection().get());
        System.exit(1);
      }
      System.out.println(
          "A: sent "
              + edoc.documentId()
              + " as message "
              + sent.value().messageId()
              + " -> "
              + sent.value().recipients());

      // --- Organ B: list, fetch, confirm, answer. ---
      Pending pending = b.pending().value();
      for (Pending.Message m : pending.messages()) {
        if (!m.messageId().equals(sent.value().messageId())) {
          continue;
        }
        FetchedFolder got = b.fetchExtracted(m.messageId(), work.resolve("b-inbox")).value();
        System.out.println(
            "B: fetched "
                + got.packageFile()
                + " and "
                + got.attachments().size()
                + " attachment(s) "
                + got.attachments());
        b.confirm(m.messageId()).value();
        Status accepted =
            Status.builder()
                .from(Organ.of(b.organ(), "UBND Demo B"))
                .responseFor(edoc)
                .code(StatusCode.ACCEPTED)
                .description("Văn thư đã tiếp nhận, vào sổ văn bản đến")
                .build();
        System.out.println("B: status 03 -> " + b.sendStatus(accepted).value().messageId());
      }

      // --- Organ A: where does the document stand? ---
      for (TraceEvent e : a.traces(edoc.documentId()).value()) {
        System.out.printf("A: trace %s %-14s %s%n", e.at(), e.recipient(), e.what());
      }
    }
  }
}

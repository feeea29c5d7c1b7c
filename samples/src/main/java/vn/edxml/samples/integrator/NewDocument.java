package vn.edxml.samples.integrator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import vn.edxml.model.DocumentId;
import vn.edxml.model.Edoc;
import vn.edxml.samples.SampleMessages;

/**
 * Stands in for legacy software: writes the project's sample công văn, with a fresh number, into an
 * outbox folder the way such software should (a temporary name, then a rename), and prints the
 * DocumentId.
 *
 * <p>Run: {@code java -cp samples.jar:edxml.jar vn.edxml.samples.integrator.NewDocument OUTBOX}.
 */
public final class NewDocument {

  private NewDocument() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: NewDocument OUTBOX-FOLDER");
      System.exit(2);
    }
    Path outbox = Files.createDirectories(Path.of(args[0]));
    Edoc sample = SampleMessages.edoc();
    String number = Long.toString(System.currentTimeMillis() % 10_000_000);
    var envelope = sample.envelope();
    var header = envelope.getEdXMLHeader().getMessageHeader();
    DocumentId id = DocumentId.parse(sample.documentId());
    header.getCode().setCodeNumber(number);
    header.setDocumentId(DocumentId.of(id.organId(), id.date(), number, id.notation()).toString());
    Edoc fresh = Edoc.fromEnvelope(envelope, sample.attachments());
    Path part = outbox.resolve(".cong-van-" + number + ".edxml.part");
    Files.write(part, SampleMessages.bytes(fresh));
    Files.move(
        part, outbox.resolve("cong-van-" + number + ".edxml"), StandardCopyOption.ATOMIC_MOVE);
    System.out.println(fresh.documentId());
  }
}

package vn.edxml.node.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Predicate;
import vn.edxml.io.EdxmlReader;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.DocumentId;
import vn.edxml.model.Edoc;
import vn.edxml.schema.edoc.EdocEnvelope;
import vn.edxml.schema.edoc.EdocMessageHeader;

/**
 * The project's own sample document ({@code samples/messages/edoc_cong-van.edxml}, bundled in the
 * jar), renumbered for one demo run.
 *
 * <p>A node refuses a second new document with the same DocumentId, so each run sends the sample
 * with the first number, from the sample's own (125) upwards, whose DocumentId the node has not
 * seen: 125 on a fresh folder, then 126, … Everything else is the committed sample unchanged.
 */
public final class SampleDocument {

  /** Where the build puts the sample messages in the jar. */
  public static final String RESOURCE = "vn/edxml/node/demo/messages/edoc_cong-van.edxml";

  private SampleDocument() {}

  /** The sample as committed. {@code work} holds the attachment files while reading. */
  public static Edoc load(Path work) throws IOException {
    try (InputStream in = SampleDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(
            RESOURCE + " is not in the jar: build it with Maven (mvn -q -DskipTests package)");
      }
      return (Edoc) EdxmlReader.builder().attachmentFolder(work).build().read(in);
    }
  }

  /** The sample with the first number whose DocumentId is not {@code taken}. */
  public static Edoc renumbered(Edoc sample, Predicate<String> taken) {
    DocumentId id = DocumentId.parse(sample.documentId());
    long number = Long.parseLong(id.number());
    for (int i = 0; i < 1_000_000; i++, number++) {
      String candidate =
          DocumentId.of(id.organId(), id.date(), Long.toString(number), id.notation()).toString();
      if (!taken.test(candidate)) {
        if (i == 0) {
          return sample;
        }
        EdocEnvelope envelope = sample.envelope();
        EdocMessageHeader h = envelope.getEdXMLHeader().getMessageHeader();
        h.getCode().setCodeNumber(Long.toString(number));
        h.setDocumentId(candidate);
        return Edoc.fromEnvelope(envelope, sample.attachments());
      }
    }
    throw new IllegalStateException("no free document number after " + number);
  }

  /** The package bytes as the project's writer writes them. */
  public static byte[] bytes(vn.edxml.model.EdxmlPackage pkg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EdxmlWriter.create().write(pkg, out);
    return out.toByteArray();
  }

  /** Deletes a work folder and everything in it. */
}

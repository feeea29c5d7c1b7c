package vn.edxml.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.edxml.io.EdxmlReader;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.validation.EdxmlValidator;
import vn.edxml.validation.ValidationReport;

/** The committed sample messages are what {@link SampleMessages} makes, and they validate. */
class SampleMessagesTest {

  private static final Path FOLDER = Path.of("messages");

  @Test
  void committedFilesAreWhatTheGeneratorWrites() throws Exception {
    for (Map.Entry<String, EdxmlPackage> e : SampleMessages.all().entrySet()) {
      Path committed = FOLDER.resolve(e.getKey());
      assertTrue(
          Files.isRegularFile(committed),
          committed + " is missing: run SampleMessages (see samples/README.md)");
      assertArrayEquals(
          SampleMessages.bytes(e.getValue()),
          Files.readAllBytes(committed),
          committed + " differs from what SampleMessages writes: run it again and commit");
    }
  }

  @Test
  void samplesValidateInBothModes() throws Exception {
    for (String name : SampleMessages.all().keySet()) {
      Path file = FOLDER.resolve(name);
      for (boolean strict : new boolean[] {false, true}) {
        ValidationReport report = EdxmlValidator.builder().strict(strict).build().validate(file);
        assertTrue(report.isValid(), file + (strict ? " strict: " : " lenient: ") + report);
      }
    }
  }

  @Test
  void documentHasItsSmallPdfAttachment() throws Exception {
    Edoc edoc = (Edoc) EdxmlReader.create().read(FOLDER.resolve(SampleMessages.EDOC_FILE));
    assertEquals(1, edoc.attachments().size());
    assertEquals("application/pdf", edoc.attachments().get(0).contentType());
    try (var in = edoc.attachments().get(0).openStream()) {
      byte[] pdf = in.readAllBytes();
      assertArrayEquals(SampleMessages.letterPdf(), pdf);
      assertTrue(pdf.length < 50 * 1024);
    }
    assertTrue(Files.size(FOLDER.resolve(SampleMessages.EDOC_FILE)) < 50 * 1024);
  }
}

package vn.edxml.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.xml.stream.XMLOutputFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.node.testing.Documents;

/**
 * The package writer with the StAX implementation the client and the node run with (Woodstox, which
 * CXF brings and which buffers its output): attachment text written beside the StAX writer must
 * land inside its element. The xsd module's own tests run with the JDK's writer, which does not
 * buffer.
 */
class EdxmlWriterWoodstoxTest {

  @TempDir Path dir;

  @Test
  void attachmentsRoundTripThroughTheBufferingWriter() throws Exception {
    assertTrue(
        XMLOutputFactory.newFactory().getClass().getName().startsWith("com.ctc.wstx."),
        "this test is about Woodstox");
    SplittableRandom random = new SplittableRandom(23);
    int[] sizes = {0, 1, 2, 3, 49_151, 49_152, 200_003};
    Edoc.Builder builder = Documents.builder("000.00.01.H99", "000.00.02.H99");
    byte[][] contents = new byte[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      contents[i] = new byte[sizes[i]];
      random.nextBytes(contents[i]);
      builder.attach(Files.write(dir.resolve("a" + i + ".bin"), contents[i]), "application/pdf");
    }
    for (boolean indent : new boolean[] {true, false}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      EdxmlWriter.builder().indent(indent).build().write(builder.build(), out);
      Edoc read;
      try (InputStream in = new ByteArrayInputStream(out.toByteArray())) {
        read = (Edoc) EdxmlReader.builder().build().read(in);
      }
      List<Attachment> attachments = read.attachments();
      assertEquals(sizes.length, attachments.size());
      for (int i = 0; i < sizes.length; i++) {
        try (InputStream in = attachments.get(i).openStream()) {
          assertArrayEquals(contents[i], in.readAllBytes(), "attachment " + i + ", " + indent);
        }
      }
    }
  }
}

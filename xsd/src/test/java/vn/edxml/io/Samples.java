package vn.edxml.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import org.xml.sax.SAXException;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.SecureXml;

/**
 * The national axis' example packages, read in place from {@code edxml.samples.dir} (never copied
 * into the project), and the schemas to validate written packages with.
 */
final class Samples {

  static final Schema EDOC_SCHEMA =
      SecureXml.loadSchema(Samples.class.getClassLoader(), EdxmlNames.EDOC_SCHEMA);
  static final Schema STATUS_SCHEMA =
      SecureXml.loadSchema(Samples.class.getClassLoader(), EdxmlNames.STATUS_SCHEMA);

  private Samples() {}

  /** The sample folder; skips the calling test when it is absent. */
  static Path dir() {
    String configured = System.getProperty("edxml.samples.dir");
    assumeTrue(configured != null, "system property edxml.samples.dir is not set");
    Path dir = Path.of(configured);
    assumeTrue(
        Files.isDirectory(dir), "sample folder " + dir + " is absent (../shared/samples/vpcp-sdk)");
    return dir;
  }

  /** All {@code *.edxml} samples; skips when the folder is absent. */
  static List<Path> all() {
    try (Stream<Path> files = Files.list(dir())) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".edxml")).sorted().toList();
      assumeTrue(!list.isEmpty(), "no .edxml files in " + dir());
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path sample(String name) {
    Path file = dir().resolve(name);
    assumeTrue(Files.isRegularFile(file), "sample " + name + " is absent");
    return file;
  }

  /** Validates against the edoc or the status schema; throws SAXException with the reason. */
  static void validate(byte[] xml, boolean edoc) throws SAXException, IOException {
    try (InputStream in = new java.io.ByteArrayInputStream(xml)) {
      SecureXml.newValidator(edoc ? EDOC_SCHEMA : STATUS_SCHEMA).validate(new StreamSource(in));
    }
  }
}

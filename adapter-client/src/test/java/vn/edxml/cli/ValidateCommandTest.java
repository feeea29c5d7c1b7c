package vn.edxml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import picocli.CommandLine;

/** {@code edxml validate}, run in-process with captured output. */
class ValidateCommandTest {

  /** The xsd module's conformance cases, read in place (surefire runs in adapter-client/). */
  private static final Path FIXTURES =
      Path.of("..", "xsd", "src", "test", "resources", "conformance");

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new EdxmlCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Path samples() {
    String dir = System.getProperty("edxml.samples.dir");
    Assumptions.assumeTrue(
        dir != null && Files.isDirectory(Path.of(dir)),
        "edxml.samples.dir is not set or missing: the real samples are not beside this clone");
    return Path.of(dir);
  }

  @Test
  void realSamplesPassLenientMode() {
    Run r = run("validate", samples().toString());
    assertEquals(0, r.exit(), r.err() + r.out());
    assertTrue(r.out().contains("14 files checked in lenient mode: 14 valid, 0 invalid"), r.out());
    assertTrue(r.out().contains("warning organ_id_nonstandard"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void realSamplesFailStrictMode() {
    Run r = run("validate", "--strict", samples().toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("14 files checked in strict mode: 0 valid, 14 invalid"), r.out());
    assertTrue(r.out().contains("error signature_placeholder"), r.out());
  }

  @Test
  void invalidFixtureExitsOneAndNamesTheRule() {
    Path file = FIXTURES.resolve("invalid/status_code_unknown/code_07.edxml");
    Run r = run("validate", file.toString());
    assertEquals(1, r.exit());
    assertTrue(r.out().contains("error status_code_unknown: StatusCode \"07\""), r.out());
    assertTrue(
        r.out()
            .contains("at /edXML/edXMLEnvelope[1]/edXMLHeader[1]/MessageHeader[1]/StatusCode[1]"));
  }

  @Test
  void everyFixtureGetsAReadableReport() throws Exception {
    Run r = run("validate", FIXTURES.toString());
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.err());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(FIXTURES)) {
      files = walk.filter(p -> p.toString().endsWith(".edxml")).toList();
    }
    for (Path f : files) {
      assertTrue(r.out().contains(f.toString() + ": "), "no report for " + f);
    }
    assertTrue(r.out().contains(files.size() + " files checked in lenient mode"), r.out());
  }

  @Test
  void validFixturesExitZeroEvenStrict() {
    Run r = run("validate", "--strict", FIXTURES.resolve("valid").toString());
    assertEquals(0, r.exit(), r.out());
  }

  @Test
  void missingFileIsAUsageErrorThatSaysWhatToDo() {
    Run r = run("validate", "no-such-file.edxml");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("no such file: no-such-file.edxml"), r.err());
    assertTrue(r.err().contains("give a path to an .edxml file or a folder"), r.err());
  }

  @Test
  void emptyFolderIsAUsageError(@TempDir Path dir) {
    Run r = run("validate", dir.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("no .edxml or .xml files under"), r.err());
  }

  @Test
  void badOptionsAndNoArgumentsAreUsageErrors() {
    assertEquals(2, run("validate", "--format", "xml", "x.edxml").exit());
    assertEquals(2, run("validate", "--lang", "fr", "x.edxml").exit());
    assertEquals(2, run("validate").exit());
    assertEquals(2, run().exit());
    assertEquals(0, run("validate", "--help").exit());
  }

  @Test
  void vietnameseText() {
    Path file =
        FIXTURES.resolve("invalid/status_description_missing/rejection_without_description.edxml");
    Run r = run("validate", "--lang", "vi", file.toString());
    assertEquals(1, r.exit());
    assertTrue(r.out().contains("KHÔNG HỢP LỆ"), r.out());
    assertTrue(r.out().contains("phải có Description nêu lý do"), r.out());
  }

  @Test
  void jsonIsWellFormed() {
    Run r = run("validate", "--format", "json", samples().toString());
    assertEquals(0, r.exit());
    Map<?, ?> json = readJson(r.out());
    assertEquals(Boolean.TRUE, json.get("valid"));
    assertEquals(14, ((Map<?, ?>) json.get("summary")).get("files"));
    Map<?, ?> first = (Map<?, ?>) ((List<?>) json.get("files")).get(0);
    Map<?, ?> finding = (Map<?, ?>) ((List<?>) first.get("findings")).get(0);
    assertTrue(
        finding
            .keySet()
            .containsAll(
                List.of(
                    "code", "severity", "line", "column", "xpath", "message_en", "message_vi")));
  }

  @Test
  void junitToAFileIsWellFormed(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("edxml-junit.xml");
    Run r =
        run(
            "validate",
            "--strict",
            "--format",
            "junit",
            "--output",
            out.toString(),
            samples().toString());
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.out());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc =
        f.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(out))));
    assertEquals("testsuite", doc.getDocumentElement().getTagName());
    assertEquals("14", doc.getDocumentElement().getAttribute("tests"));
    assertEquals("14", doc.getDocumentElement().getAttribute("failures"));
    assertEquals(14, doc.getElementsByTagName("testcase").getLength());
  }

  @Test
  void hostileFixturesAreReportedNotThrown() {
    Run r =
        run(
            "validate",
            FIXTURES.resolve("invalid/dtd_forbidden").toString(),
            FIXTURES.resolve("invalid/not_xml").toString());
    assertEquals(1, r.exit());
    assertTrue(r.out().contains("error dtd_forbidden"), r.out());
    assertTrue(r.out().contains("error not_xml"), r.out());
    assertEquals("", r.err());
  }

  private static Map<?, ?> readJson(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(text, Map.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}

package vn.edxml.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import vn.edxml.validation.report.ReportFormat;

class ReportWritersTest {

  private static List<ValidationReport> reports() throws IOException {
    var root = ConformanceFixturesTest.root();
    return List.of(
        ConformanceFixturesTest.LENIENT.validate(root.resolve("valid/edoc_new.edxml")),
        ConformanceFixturesTest.LENIENT.validate(
            root.resolve("invalid/status_code_unknown/code_07.edxml")),
        // a control character and quotes inside a quoted value must not break any format
        ConformanceFixturesTest.LENIENT.validate(
            new ByteArrayInputStream("<x\u0001 \"&'</>".getBytes(StandardCharsets.UTF_8)),
            "junk \"1\".edxml"));
  }

  private static String write(ReportFormat format, Locale locale) throws IOException {
    StringWriter out = new StringWriter();
    format.writer(locale).write(reports(), out);
    return out.toString();
  }

  @Test
  void textInBothLanguages() throws IOException {
    String en = write(ReportFormat.TEXT, Locale.ENGLISH);
    assertTrue(en.contains("status_code_unknown: StatusCode \"07\""), en);
    assertTrue(en.contains("3 files checked in lenient mode: 1 valid, 2 invalid"), en);
    assertTrue(
        en.contains("at /edXML/edXMLEnvelope[1]/edXMLHeader[1]/MessageHeader[1]/StatusCode[1]"),
        en);
    String vi = write(ReportFormat.TEXT, Locale.forLanguageTag("vi"));
    assertTrue(vi.contains("không phải mã trạng thái đã biết"), vi);
    assertTrue(vi.contains("Đã kiểm tra 3 tệp ở chế độ nới lỏng"), vi);
  }

  @Test
  void junitIsWellFormedWithOneTestCasePerFile() throws Exception {
    String xml = write(ReportFormat.JUNIT, Locale.ENGLISH);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(new InputSource(new java.io.StringReader(xml)));
    assertEquals("testsuite", doc.getDocumentElement().getTagName());
    assertEquals("3", doc.getDocumentElement().getAttribute("tests"));
    assertEquals("2", doc.getDocumentElement().getAttribute("failures"));
    assertEquals(3, doc.getElementsByTagName("testcase").getLength());
    assertEquals(2, doc.getElementsByTagName("failure").getLength());
    assertEquals(
        "status_code_unknown",
        ((org.w3c.dom.Element) doc.getElementsByTagName("failure").item(0)).getAttribute("type"));
  }

  @Test
  void jsonIsWellFormed() throws IOException {
    String json = write(ReportFormat.JSON, Locale.ENGLISH);
    Object parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
    assertTrue(parsed instanceof java.util.Map<?, ?>, json);
    var map = (java.util.Map<?, ?>) parsed;
    assertEquals(Boolean.FALSE, map.get("valid"));
    assertEquals(3, ((List<?>) map.get("files")).size());
  }
}

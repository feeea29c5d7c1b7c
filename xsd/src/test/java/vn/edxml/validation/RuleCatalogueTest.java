package vn.edxml.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.edxml.validation.internal.Messages;

/** xsd/RULES.md, the enum and the message bundles agree. */
class RuleCatalogueTest {

  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([a-z0-9_]+)`\\s*\\|[^|]*\\|\\s*(\\w+)\\s*\\|\\s*(\\w+)\\s*\\|.*$");

  @Test
  void rulesTableMatchesTheEnum() throws IOException {
    Path rules = Path.of("RULES.md"); // surefire runs in the module folder
    assertTrue(Files.isRegularFile(rules), "xsd/RULES.md is missing");
    Map<String, String[]> table = new LinkedHashMap<>();
    for (String line : Files.readAllLines(rules)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        table.put(m.group(1), new String[] {m.group(2), m.group(3)});
      }
    }
    for (RuleCode code : RuleCode.values()) {
      String[] row = table.remove(code.id());
      assertTrue(row != null, "RULES.md has no row for " + code.id());
      assertEquals(code.severity(Mode.LENIENT).name(), row[0].toUpperCase(Locale.ROOT), code.id());
      assertEquals(code.severity(Mode.STRICT).name(), row[1].toUpperCase(Locale.ROOT), code.id());
    }
    assertTrue(table.isEmpty(), "RULES.md has rows for unknown codes: " + table.keySet());
  }

  @Test
  void everyCodeHasEnglishAndVietnameseMessages() {
    for (RuleCode code : RuleCode.values()) {
      assertTrue(Messages.has(code.id()), "no message for " + code.id());
      assertTrue(!Messages.english(code.id()).equals(Messages.vietnamese(code.id())), code.id());
    }
  }

  @Test
  void idsAreStableSnakeCase() {
    for (RuleCode code : RuleCode.values()) {
      assertTrue(code.id().matches("[a-z][a-z0-9_]*"), code.id());
      assertEquals(code, RuleCode.fromId(code.id()).orElseThrow());
    }
  }

  @Test
  void messagesDoNotDependOnTheDefaultLocale() throws IOException {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("vi"));
      String en = Messages.english("not_xml", "x");
      Locale.setDefault(Locale.GERMANY);
      assertEquals(en, Messages.english("not_xml", "x"));
      assertTrue(en.startsWith("Not an XML document"), en);
    } finally {
      Locale.setDefault(saved);
    }
  }
}

package vn.edxml.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.node.config.Settings;

/**
 * {@code adapter-server/node.properties.example} and {@link NodeConfig} agree: the example lists
 * exactly the keys NodeConfig reads, each with its EDXML_* variable, and every commented value is
 * the real default.
 */
class NodePropertiesExampleTest {

  private static final Path EXAMPLE = Path.of("node.properties.example");
  private static final Pattern KEY_LINE = Pattern.compile("^(#?)([a-z][a-z0-9.\\-]*)=(.*)$");

  /** Defaults computed from other keys, written in the example as an illustration. */
  private static final Set<String> DERIVED = Set.of("store.url");

  private static String text;
  private static Map<String, String> required;
  private static Map<String, String> commented;
  private static Path base;

  @BeforeAll
  static void read() throws Exception {
    text = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
    required = new LinkedHashMap<>();
    commented = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      Matcher m = KEY_LINE.matcher(line);
      if (m.matches()) {
        (m.group(1).isEmpty() ? required : commented).put(m.group(2), m.group(3).strip());
      }
    }
    base = CliRun.freshDir("example");
    Files.createDirectories(base);
    // NodeConfig checks that the files exist; their content is TrustMaterial's business.
    Files.writeString(base.resolve("node.p12"), "placeholder");
    Files.writeString(base.resolve("ca.pem"), "placeholder");
  }

  @Test
  void theExampleListsExactlyTheKeysNodeConfigReads() {
    RecordingProperties p = placeholders(true);
    NodeConfig.from(new Settings(p, Map.of(), base));
    Set<String> documented = new TreeSet<>(required.keySet());
    documented.addAll(commented.keySet());
    assertEquals(p.asked, documented, "keys read by NodeConfig vs. keys in " + EXAMPLE);
  }

  @Test
  void everyKeyNamesItsEnvironmentVariable() {
    Set<String> all = new TreeSet<>(required.keySet());
    all.addAll(commented.keySet());
    for (String key : all) {
      assertTrue(
          text.contains("Environment: " + Settings.envName(key)),
          key + ": the example must say 'Environment: " + Settings.envName(key) + "'");
    }
  }

  @Test
  void commentedValuesAreTheDefaults() throws Exception {
    NodeConfig defaults = NodeConfig.from(new Settings(placeholders(false), Map.of(), base));
    NodeConfig written = NodeConfig.from(new Settings(placeholders(true), Map.of(), base));
    for (RecordComponent c : NodeConfig.class.getRecordComponents()) {
      Object a = c.getAccessor().invoke(defaults);
      Object b = c.getAccessor().invoke(written);
      if (c.getName().equals("storeUrl")) {
        assertTrue(
            ((String) a).startsWith("jdbc:h2:file:")
                && ((String) a).endsWith(Path.of("data", "db", "edxml").toString()),
            "default store.url: " + a);
        continue;
      }
      boolean same =
          a instanceof char[] ca ? Arrays.equals(ca, (char[]) b) : java.util.Objects.equals(a, b);
      assertTrue(same, c.getName() + ": default " + a + ", example says " + b);
    }
  }

  /** The example's required keys with placeholder files; with or without the commented ones. */
  private static RecordingProperties placeholders(boolean withCommented) {
    RecordingProperties p = new RecordingProperties();
    required.forEach(p::setProperty);
    p.setProperty("keystore.path", "node.p12");
    p.setProperty("trust.ca", "ca.pem");
    if (withCommented) {
      commented.forEach(
          (k, v) -> {
            if (!DERIVED.contains(k)) {
              p.setProperty(k, v);
            }
          });
    }
    return p;
  }

  /** Properties that remember which keys were asked for. */
  private static final class RecordingProperties extends Properties {
    private static final long serialVersionUID = 1L;
    final Set<String> asked = new TreeSet<>();

    @Override
    public String getProperty(String key) {
      asked.add(key);
      return super.getProperty(key);
    }
  }
}

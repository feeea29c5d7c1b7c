package vn.edxml.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.client.EdxmlClient;
import vn.edxml.node.testing.TestNode;

/**
 * A node and a client leave nothing behind in the JVM's temporary folder. CXF's default replay
 * cache (EHCache) made a {@code cxf<digits>} folder there for every node endpoint and every client
 * and never removed it: 13,614 of them after one day of test and benchmark runs here, and a
 * command-line tool called once per document would leave one per call.
 */
class TemporaryFolderIT {

  private static Set<String> cxfEntries(Path folder) throws Exception {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("cxf"))
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * Where {@code Files.createTempDirectory} really writes: the JDK reads java.io.tmpdir once, so it
   * may differ from the property the build sets for the tests.
   */
  private static Path temporaryFolder() throws Exception {
    Path probe = Files.createTempDirectory("probe");
    Files.delete(probe);
    return probe.getParent();
  }

  @Test
  void aNodeAndItsClientLeaveNoFolderInTheTemporaryFolder(@TempDir Path dir) throws Exception {
    Path tmp = temporaryFolder();
    Set<String> before = cxfEntries(tmp);

    TestNode node = new TestNode();
    node.beforeAll(null);
    try {
      Path configA = ClientFiles.write(node, TestNode.ORGAN_A, dir.resolve("a"));
      Path configB = ClientFiles.write(node, TestNode.ORGAN_B, dir.resolve("b"));
      try (EdxmlClient a = EdxmlClient.fromConfig(configA);
          EdxmlClient b = EdxmlClient.fromConfig(configB)) {
        // Both clients and the node verify a signed message and sign one: every replay cache
        // and token store of the exchange is in use.
        assertTrue(a.pending("edoc", 10).isAccepted());
        assertTrue(b.pending("edoc", 10).isAccepted());
      }
    } finally {
      node.afterAll(null);
    }

    Set<String> added = cxfEntries(tmp);
    added.removeAll(before);
    assertEquals(Set.of(), added, "left in " + tmp);
  }
}

package vn.edxml.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves attachments stream: a 64 MiB attachment (about 87 MB of base64) is written and read back
 * in a child JVM whose whole heap is 48 MiB, smaller than the attachment itself.
 */
class LargeAttachmentStreamingTest {

  private static final long SIZE = 64L << 20;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void largeAttachmentRoundTripsInASmallHeap() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = tmp.resolve("child.log");
    Process child =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx48m",
                    "-XX:+UseSerialGC",
                    "-Djava.io.tmpdir=" + tmp,
                    "-cp",
                    System.getProperty("java.class.path"),
                    LargeAttachmentChild.class.getName(),
                    tmp.toString(),
                    String.valueOf(SIZE)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = child.waitFor(150, TimeUnit.SECONDS);
    if (!finished) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = read(log);

    assertTrue(finished, "the child did not finish in time: " + output);
    assertEquals(0, child.exitValue(), output);
    Matcher m =
        Pattern.compile("generated=([0-9a-f]{64}) read=([0-9a-f]{64}) size=(\\d+)").matcher(output);
    assertTrue(m.find(), output);
    assertEquals(m.group(1), m.group(2), "SHA-256 of the bytes read back equals the generated");
    assertEquals(SIZE, Long.parseLong(m.group(3)));
    assertTrue(Files.size(tmp.resolve("large.edxml")) > SIZE * 4 / 3, "the package holds it all");
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}

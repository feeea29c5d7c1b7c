package vn.edxml.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The validator borrows this thread's parser and schema validators for each package and gives them
 * back afterwards. A package's report must not depend on what the thread validated before it: the
 * same as on a thread that never validated anything, also after a package that stopped half-way
 * (truncated, or refused at a limit).
 */
class SameThreadValidationTest {

  @Test
  void aPackagesReportDoesNotDependOnThePackagesBeforeItOnTheThread() throws Exception {
    Map<String, byte[]> inputs = new LinkedHashMap<>();
    for (Path file : ConformanceFixturesTest.files(ConformanceFixturesTest.root()).toList()) {
      byte[] bytes = Files.readAllBytes(file);
      inputs.put(file.getFileName().toString(), bytes);
      // The same package cut in the middle of an element: the parse stops half-way.
      inputs.put("half of " + file.getFileName(), Arrays.copyOf(bytes, bytes.length / 2));
    }
    assertTrue(inputs.size() > 100, "conformance fixtures not found: " + inputs.size());

    Map<String, String> alone = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
      alone.put(e.getKey(), onAFreshThread(e.getKey(), e.getValue()));
    }

    List<String> names = new ArrayList<>(inputs.keySet());
    Random random = new Random(20261122L);
    for (int round = 0; round < 3; round++) {
      Collections.shuffle(names, random);
      for (String name : names) {
        String after = describe(name, inputs.get(name));
        assertEquals(alone.get(name), after, "round " + round + ", " + name);
      }
    }
  }

  private static String onAFreshThread(String name, byte[] bytes) throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.set(describe(name, bytes));
              } catch (Exception | Error e) {
                result.set(e);
              }
            },
            "fresh-validator-thread");
    thread.start();
    thread.join(60_000);
    if (result.get() instanceof Throwable t) {
      throw new AssertionError("validating " + name + " failed", t);
    }
    return (String) result.get();
  }

  private static String describe(String name, byte[] bytes) throws Exception {
    ValidationReport report =
        ConformanceFixturesTest.STRICT.validate(new ByteArrayInputStream(bytes), name);
    StringBuilder sb = new StringBuilder(String.valueOf(report.kind()));
    for (Finding f : report.findings()) {
      sb.append('\n')
          .append(f.severity())
          .append(' ')
          .append(f.code().id())
          .append(' ')
          .append(f.line())
          .append(':')
          .append(f.column())
          .append(' ')
          .append(f.xpath())
          .append(' ')
          .append(f.messageEn());
    }
    return sb.toString();
  }
}

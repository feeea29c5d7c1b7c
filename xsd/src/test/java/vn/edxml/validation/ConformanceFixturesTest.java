package vn.edxml.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance cases, as data (src/test/resources/conformance):
 *
 * <ul>
 *   <li>{@code valid/*.edxml}: no ERROR even in strict mode;
 *   <li>{@code invalid/<code>/*.edxml}: in lenient mode the only ERROR code is {@code <code>} (and
 *       strict mode reports it too);
 *   <li>{@code invalid/<code>/strict/*.edxml}: strict-only deviations. In strict mode the only
 *       ERROR code is {@code <code>}; in lenient mode the file is valid and the same code is
 *       reported as a warning or note.
 * </ul>
 */
class ConformanceFixturesTest {

  /** A fixed "now" so that the date rules do not change with the calendar. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T03:00:00Z"), ZoneOffset.UTC);

  static final EdxmlValidator LENIENT = EdxmlValidator.builder().clock(CLOCK).build();
  static final EdxmlValidator STRICT =
      EdxmlValidator.builder().mode(Mode.STRICT).clock(CLOCK).build();

  static Path root() {
    URL url = ConformanceFixturesTest.class.getResource("/conformance");
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".edxml")).sorted().toList().stream();
    }
  }

  static Stream<Path> validFiles() throws IOException {
    return files(root().resolve("valid"));
  }

  static Stream<Path> invalidFiles() throws IOException {
    return files(root().resolve("invalid"));
  }

  static Set<String> errorCodes(ValidationReport r) {
    return r.findings().stream()
        .filter(f -> f.severity() == Severity.ERROR)
        .map(f -> f.code().id())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static String describe(ValidationReport r) {
    return r.findings().stream()
        .map(f -> f.severity() + " " + f.code().id() + " " + f.xpath() + " " + f.messageEn())
        .collect(Collectors.joining("\n  ", r.source() + ":\n  ", ""));
  }

  @ParameterizedTest(name = "valid/{0}")
  @MethodSource("validFiles")
  void validFixtureHasNoErrorInStrictMode(Path file) throws IOException {
    ValidationReport r = STRICT.validate(file);
    assertTrue(r.isValid(), () -> describe(r));
    assertTrue(r.kind() != PackageKind.UNKNOWN, () -> describe(r));
  }

  @ParameterizedTest(name = "invalid/{0}")
  @MethodSource("invalidFiles")
  void invalidFixtureReportsExactlyItsCode(Path file) throws IOException {
    Path rel = root().resolve("invalid").relativize(file);
    String code = rel.getName(0).toString();
    assertTrue(RuleCode.fromId(code).isPresent(), "folder is not a rule code: " + code);
    boolean strictOnly = rel.getNameCount() == 3 && "strict".equals(rel.getName(1).toString());
    assertTrue(strictOnly || rel.getNameCount() == 2, "unexpected layout: " + rel);
    assertTrue(
        Files.readString(file).contains(code) || Files.readString(file).length() > 0,
        "top comment names the code");
    if (strictOnly) {
      ValidationReport strict = STRICT.validate(file);
      assertEquals(Set.of(code), errorCodes(strict), () -> describe(strict));
      ValidationReport lenient = LENIENT.validate(file);
      assertTrue(lenient.isValid(), () -> "lenient must accept it\n" + describe(lenient));
      assertTrue(
          lenient.findings().stream().anyMatch(f -> f.code().id().equals(code)),
          () -> "lenient must still report it\n" + describe(lenient));
    } else {
      ValidationReport lenient = LENIENT.validate(file);
      assertEquals(Set.of(code), errorCodes(lenient), () -> describe(lenient));
      ValidationReport strict = STRICT.validate(file);
      assertTrue(errorCodes(strict).contains(code), () -> describe(strict));
    }
  }

  @Test
  void everyFixtureStartsWithACommentNamingItsCode() throws IOException {
    List<Path> all = invalidFiles().toList();
    assertTrue(all.size() >= 40, "at least 40 invalid cases, found " + all.size());
    for (Path file : all) {
      String code = root().resolve("invalid").relativize(file).getName(0).toString();
      String head = Files.readString(file).lines().limit(3).collect(Collectors.joining("\n"));
      assertTrue(head.contains(code), file + " must say what is wrong in its first lines");
    }
  }

  @Test
  void everyErrorRuleHasAFixture() throws IOException {
    Set<String> covered =
        invalidFiles()
            .map(p -> root().resolve("invalid").relativize(p).getName(0).toString())
            .collect(Collectors.toSet());
    for (RuleCode code : RuleCode.values()) {
      if (code.severity(Mode.STRICT) == Severity.ERROR) {
        assertTrue(covered.contains(code.id()), "no fixture for " + code.id());
      }
    }
    assertFalse(covered.isEmpty());
  }
}

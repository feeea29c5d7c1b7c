package vn.edxml.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 14 real national-axis example packages, read in place from {@code edxml.samples.dir} (never
 * copied into the project). Every one passes lenient mode with warnings only; strict mode reports
 * exactly the deviations each one really has, as worked out by reading them.
 */
class RealSamplesTest {

  private static final Set<String> SIGNATURE_AND_ZIP =
      Set.of(
          "signature_namespace", // <Signature> unprefixed in the QCVN namespace
          "signature_weak_algorithm", // rsa-sha1 and sha1
          "signature_placeholder", // X509Certificate "MIIFqTCCBJG"
          "content_type_mismatch"); // application/zip for a .doc name

  static Set<String> union(Set<String> a, String... more) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(Set.of(more));
    return s;
  }

  /** The ERROR codes strict mode must give for each real package, and why. */
  static final Map<String, Set<String>> EXPECTED_STRICT =
      Map.ofEntries(
          // From A80 vs DocumentId G22, DocumentId date 2015/09/30 vs 2019/01/16, code 7816 vs
          // 74fass22; To 28.22.H17 has 3 groups; a NEW document (type 0) carries
          // Bussiness/DocumentId, and that id has the impossible date 2014/02/30; DueDate and the
          // trace timestamp (2018/09/28) are before PromulgationDate 2019/01/16.
          Map.entry(
              "edoc_new.edxml",
              union(
                  SIGNATURE_AND_ZIP,
                  "document_id_mismatch",
                  "organ_id_nonstandard",
                  "business_document_id_unexpected",
                  "document_id_date_invalid",
                  "date_order")),
          // Type 1 without Bussiness/DocumentId; DocumentId date vs PromulgationDate; ResponseFor
          // OrganId H14 vs its DocumentId's G14, and its PromulgationDate vs that DocumentId.
          Map.entry(
              "edoc_revocation.edxml",
              union(SIGNATURE_AND_ZIP, "business_document_id_missing", "document_id_mismatch")),
          // Bussiness/DocumentId with 2014/02/30; DocumentId date vs PromulgationDate.
          Map.entry(
              "edoc_update.edxml",
              union(SIGNATURE_AND_ZIP, "document_id_date_invalid", "document_id_mismatch")),
          // Type 3 without Bussiness/DocumentId; the same ReplacementInfo twice; DocumentId date.
          Map.entry(
              "edoc_replacement.edxml",
              union(
                  SIGNATURE_AND_ZIP,
                  "business_document_id_missing",
                  "duplicate_replacement",
                  "document_id_mismatch")),
          // ResponseFor/PromulgationDate 2018/09/28 vs its DocumentId's 2015/09/30.
          Map.entry("status.edxml", Set.of("document_id_mismatch")),
          // Timestamp 2015/09/20 is before the document's date 2015/09/30 in all of these.
          Map.entry("status_inbox_01.edxml", Set.of("date_order")),
          Map.entry("status_rejection_02.edxml", Set.of("date_order")),
          Map.entry("status_acceptance_03.edxml", Set.of("date_order")),
          Map.entry("status_assignment_04.edxml", Set.of("date_order")),
          Map.entry("status_processing_05.edxml", Set.of("date_order")),
          Map.entry("status_finish_06.edxml", Set.of("date_order")),
          Map.entry("status_change-acceptance_15.edxml", Set.of("date_order")),
          Map.entry("status_change-rejection_16.edxml", Set.of("date_order")),
          // From G22 is the issuer (per DocumentId) but ResponseFor/OrganId says H41.
          Map.entry("status_cancellation_13.edxml", Set.of("document_id_mismatch", "date_order")));

  static Path samplesDir() {
    String dir = System.getProperty("edxml.samples.dir");
    Assumptions.assumeTrue(
        dir != null && Files.isDirectory(Path.of(dir)),
        "edxml.samples.dir is not set or missing: the real national-axis samples"
            + " (../shared/samples/vpcp-sdk) are not beside this clone");
    return Path.of(dir);
  }

  static Set<String> sampleNames() {
    return new TreeSet<>(EXPECTED_STRICT.keySet());
  }

  static Set<String> codes(ValidationReport r, Severity severity) {
    return r.findings().stream()
        .filter(f -> f.severity() == severity)
        .map(f -> f.code().id())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleNames")
  void lenientAcceptsWithWarnings(String name) throws IOException {
    Path file = samplesDir().resolve(name);
    Assumptions.assumeTrue(Files.isRegularFile(file), "sample missing: " + file);
    ValidationReport r = ConformanceFixturesTest.LENIENT.validate(file);
    assertTrue(r.isValid(), () -> ConformanceFixturesTest.describe(r));
    assertEquals(name.startsWith("edoc") ? PackageKind.EDOC : PackageKind.STATUS, r.kind());
    assertEquals(EXPECTED_STRICT.get(name), codes(r, Severity.WARNING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleNames")
  void strictReportsEachRealDeviation(String name) throws IOException {
    Path file = samplesDir().resolve(name);
    Assumptions.assumeTrue(Files.isRegularFile(file), "sample missing: " + file);
    ValidationReport r = ConformanceFixturesTest.STRICT.validate(file);
    assertEquals(
        EXPECTED_STRICT.get(name),
        codes(r, Severity.ERROR),
        () -> ConformanceFixturesTest.describe(r));
    assertTrue(r.findings().stream().allMatch(f -> !f.xpath().isEmpty() && f.line() > 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleNames")
  void nothingElseIsInTheFolder(String ignored) throws IOException {
    try (var files = Files.list(samplesDir())) {
      Set<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".edxml"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(sampleNames(), names, "the expectations cover every real sample");
    }
  }
}

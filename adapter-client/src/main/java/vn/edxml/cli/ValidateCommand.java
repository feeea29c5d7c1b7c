package vn.edxml.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vn.edxml.validation.EdxmlValidator;
import vn.edxml.validation.Mode;
import vn.edxml.validation.ValidationReport;
import vn.edxml.validation.report.ReportFormat;

/** {@code edxml validate}: conformance check of edXML packages against the schemas and rules. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check edXML packages (QCVN 102:2016) against the package schemas and the rules in"
          + " xsd/RULES.md.",
      "Default (lenient) mode accepts what real producers emit and warns about deviations;"
          + " --strict reports them as errors."
    },
    exitCodeOnExecutionException = 2,
    exitCodeOnInvalidInput = 2,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file is valid",
      "1:at least one file is invalid",
      "2:usage or I/O error (nothing or not everything was checked)"
    })
public final class ValidateCommand implements Callable<Integer> {

  static final int VALID = 0;
  static final int INVALID = 1;
  static final int USAGE_OR_IO = 2;

  @Spec private CommandSpec spec;

  @Option(names = "--strict", description = "Enforce the regulated form: deviations are errors.")
  private boolean strict;

  @Option(
      names = "--format",
      paramLabel = "text|json|junit",
      defaultValue = "text",
      description = "Report format (default: ${DEFAULT-VALUE}).")
  private String format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  private Path output;

  @Option(
      names = "--lang",
      paramLabel = "en|vi",
      defaultValue = "en",
      description = "Language of the text report (default: ${DEFAULT-VALUE}).")
  private String lang;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "Package files, or folders searched recursively for *.edxml and *.xml.")
  private List<Path> paths;

  @Override
  public Integer call() {
    ReportFormat reportFormat = parseFormat();
    Locale locale = parseLang();
    PrintWriter err = spec.commandLine().getErr();

    List<Path> files = new ArrayList<>();
    boolean usable = true;
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> found = packagesUnder(p, err);
        if (found == null) {
          usable = false;
        } else if (found.isEmpty()) {
          err.println(
              "edxml validate: no .edxml or .xml files under "
                  + p
                  + " — give a folder that contains edXML packages, or the files themselves");
          usable = false;
        }
        if (found != null) {
          files.addAll(found);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        err.println(
            "edxml validate: no such file: "
                + p
                + " — give a path to an .edxml file or a folder of them");
        usable = false;
      }
    }
    if (!usable) {
      err.flush();
      return USAGE_OR_IO;
    }

    EdxmlValidator validator =
        EdxmlValidator.builder().mode(strict ? Mode.STRICT : Mode.LENIENT).build();
    List<ValidationReport> reports = new ArrayList<>();
    boolean ioError = false;
    for (Path file : files) {
      try {
        reports.add(validator.validate(file));
      } catch (IOException e) {
        err.println(
            "edxml validate: cannot read "
                + file
                + ": "
                + e.getMessage()
                + " — check that the file exists and is readable");
        ioError = true;
      }
    }

    try {
      if (output != null) {
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
          reportFormat.writer(locale).write(reports, w);
        }
      } else {
        PrintWriter out = spec.commandLine().getOut();
        reportFormat.writer(locale).write(reports, out);
        out.flush();
      }
    } catch (IOException e) {
      err.println(
          "edxml validate: cannot write the report to "
              + (output == null ? "standard output" : output)
              + ": "
              + e.getMessage()
              + " — check the folder exists and is writable");
      err.flush();
      return USAGE_OR_IO;
    }
    err.flush();
    if (ioError) {
      return USAGE_OR_IO;
    }
    return reports.stream().allMatch(ValidationReport::isValid) ? VALID : INVALID;
  }

  private ReportFormat parseFormat() {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "text" -> ReportFormat.TEXT;
      case "json" -> ReportFormat.JSON;
      case "junit" -> ReportFormat.JUNIT;
      default ->
          throw new ParameterException(
              spec.commandLine(), "unknown --format '" + format + "' — use text, json or junit");
    };
  }

  private Locale parseLang() {
    return switch (lang.toLowerCase(Locale.ROOT)) {
      case "en" -> Locale.ENGLISH;
      case "vi" -> Locale.forLanguageTag("vi");
      default ->
          throw new ParameterException(
              spec.commandLine(), "unknown --lang '" + lang + "' — use en or vi");
    };
  }

  /** *.edxml and *.xml files under a folder, recursively, sorted; null after an I/O error. */
  private static List<Path> packagesUnder(Path dir, PrintWriter err) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".edxml") || n.endsWith(".xml");
              })
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      err.println(
          "edxml validate: cannot list "
              + dir
              + ": "
              + e.getMessage()
              + " — check the folder is readable");
      return null;
    }
  }
}

package vn.edxml.cli;

import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --json} and {@code --lang}, shared by the commands. */
final class OutputOptions {

  @Option(
      names = "--json",
      description = "Print one JSON object per line on standard output, for scripts.")
  boolean json;

  @Option(
      names = "--lang",
      paramLabel = "en|vi",
      description = "Language of the messages (default: from the locale; vi for Vietnamese).")
  String lang;

  Output open(CommandSpec spec) {
    return new Output(
        spec.name(), spec.commandLine().getOut(), spec.commandLine().getErr(), json, locale(spec));
  }

  private Locale locale(CommandSpec spec) {
    String l = lang == null ? Locale.getDefault().getLanguage() : lang.toLowerCase(Locale.ROOT);
    if (lang == null) {
      return "vi".equals(l) ? Locale.forLanguageTag("vi") : Locale.ENGLISH;
    }
    return switch (l) {
      case "en" -> Locale.ENGLISH;
      case "vi" -> Locale.forLanguageTag("vi");
      default ->
          throw new ParameterException(
              spec.commandLine(), "unknown --lang '" + lang + "' — use en or vi");
    };
  }
}

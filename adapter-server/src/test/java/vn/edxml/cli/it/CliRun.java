package vn.edxml.cli.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import vn.edxml.cli.EdxmlCli;

/** Runs {@code edxml} in-process, as {@code java -jar edxml.jar ARGS} would, capturing output. */
record CliRun(int exit, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new EdxmlCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Every line of standard output as a JSON object. */
  List<Map<String, Object>> json() {
    return out.lines().filter(l -> !l.isBlank()).map(CliRun::jsonObject).toList();
  }

  /** The single JSON line. */
  Map<String, Object> only() {
    List<Map<String, Object>> all = json();
    if (all.size() != 1) {
      throw new AssertionError("expected one JSON line, got " + all.size() + "\n" + this);
    }
    return all.get(0);
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
  }

  @SuppressWarnings("unchecked")
  static java.util.Map<String, Object> jsonObject(String line) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(line, java.util.Map.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("not a JSON object: " + line, e);
    }
  }
}

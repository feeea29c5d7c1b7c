package vn.edxml.node.bench.file;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.edxml.node.cli.CliFailure;
import vn.edxml.node.cli.ExitCodes;
import vn.edxml.node.config.Units;

/**
 * {@code bench-file [--size BYTES] [--tamper-size BYTES] [--dir DIR] [--keep] [--json FILE]}: one
 * large attachment through a node, both sides in small-heap child JVMs; see {@link LargeFileBench}.
 *
 * <p>The JSON report ({@code --json}): {@code ok}, {@code sizeBytes}, {@code packageBytes}, {@code
 * heapLimit}, {@code warmupSeconds}; {@code machine} (processors, load average and CPU pressure
 * before and after: figures measured on a busy machine are not the code's alone); {@code steps}
 * ({@code generate}, {@code prepare}, {@code send}, {@code fetch}, {@code extract}, {@code verify},
 * {@code sendFetch}, {@code prepareSendFetchExtract}), each with {@code seconds}, {@code
 * attachmentMBps} and {@code packageMBps} (null where the step does not handle the package); {@code
 * integrity} (the attachment's SHA-256 before and after, {@code attachmentMatch}, {@code
 * packageMatch}); {@code tamper} ({@code refused}, {@code code}, {@code nothingStored}, the node's
 * store figures before and after); {@code heap.node} and {@code heap.client} ({@code
 * peakUsedBytes}, {@code maxLiveAfterGcBytes}, {@code collections}); {@code problems}.
 */
@Command(
    name = "bench-file",
    mixinStandardHelpOptions = true,
    description = {
      "Measure one large attachment through a node with flat memory: starts a node and a client"
          + " in child JVMs (-Xmx256m each) on 127.0.0.1 with throw-away keys, sends a package"
          + " with a SIZE-byte attachment as one organ, fetches it as another, and checks the"
          + " attachment's SHA-256 end to end. Then sends a package with one byte changed after"
          + " signing, which the node must refuse (payload_digest_mismatch) without storing"
          + " anything. Prints times, MB/s (10^6 bytes) and each JVM's peak heap (from its GC"
          + " log).",
      "Sizes: bytes, or with KiB/MiB/GiB (also K/M/G, all powers of 1024). Needs about 6 x SIZE"
          + " of free disk in the work folder, which is deleted afterwards unless --keep."
    })
public final class LargeFileCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      defaultValue = "1GiB",
      description = "Attachment size, at most 2GiB. Default: ${DEFAULT-VALUE}.")
  private String size;

  @Option(
      names = "--tamper-size",
      paramLabel = "BYTES",
      description = "Attachment size of the tamper check. Default: 64MiB, at most --size.")
  private String tamperSize;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Work folder (new or empty). Default: a new folder in java.io.tmpdir.")
  private Path dir;

  @Option(
      names = "--keep",
      description = "Keep the work folder (keys, configurations, logs, GC logs).")
  private boolean keep;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  private Path json;

  @Option(
      names = "--heap",
      paramLabel = "SIZE",
      defaultValue = "256m",
      description = "-Xmx of the node's and the client's JVM. Default: ${DEFAULT-VALUE}.")
  private String heap;

  @Option(
      names = "--timeout",
      paramLabel = "MINUTES",
      defaultValue = "30",
      description = "Longest the client's steps may take together. Default: ${DEFAULT-VALUE}.")
  private int timeoutMinutes;

  @Option(
      names = "--profile",
      description = "Record a JFR profile of both JVMs (node.jfr, client.jfr; implies --keep).")
  private boolean profile;

  @Override
  public Integer call() throws IOException, InterruptedException {
    long bytes = bytes("--size", size);
    long tamper =
        tamperSize == null
            ? Math.min(LargeFileBench.DEFAULT_TAMPER_SIZE, bytes)
            : bytes("--tamper-size", tamperSize);
    if (timeoutMinutes < 1 || timeoutMinutes > 24 * 60) {
      throw new CliFailure(ExitCodes.CONFIG, "--timeout: " + timeoutMinutes + " — use 1 to 1440");
    }
    LargeFileBench.Options options;
    try {
      options =
          new LargeFileBench.Options(
              bytes, tamper, dir, keep, heap, Duration.ofMinutes(timeoutMinutes), profile);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.CONFIG, e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    LargeFileBench.Report report;
    try {
      report = LargeFileBench.run(options, out);
    } catch (LargeFileBench.BenchException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("edxml-node bench-file: " + e.getMessage());
      err.println("  what to do: " + e.fix());
      err.flush();
      return ExitCodes.FAILED;
    }
    report.print(out);
    if (json != null) {
      Path file = json.toAbsolutePath();
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, report.json(), StandardCharsets.UTF_8);
      out.println("JSON report: " + file);
      out.flush();
    }
    return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** {@code 1073741824}, {@code 1GiB}, {@code 64MiB}, {@code 8M}, ... (powers of 1024). */
  static long bytes(String option, String value) {
    long n;
    try {
      n = Units.bytes(value);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(
          ExitCodes.CONFIG, option + ": '" + value + "' is not a size — write e.g. 1GiB or 64MiB");
    }
    if (n <= 0) {
      throw new CliFailure(ExitCodes.CONFIG, option + ": '" + value + "' is out of range");
    }
    return n;
  }
}

package vn.edxml.node.bench.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's heap use read from its unified GC log ({@code -Xlog:gc,gc+heap+exit:file=...}, G1): every
 * collection logs the heap before and after it ({@code 120M->15M(256M)}) and the exit logs what was
 * in use at the end. Heap use only peaks right before a collection or at the exit, so the largest
 * of these is the peak used heap; the largest after-collection value is the most the JVM ever held
 * live.
 *
 * @param peakUsedBytes largest heap in use: before any collection, or at the exit
 * @param maxLiveAfterGcBytes largest heap in use right after a collection (-1: none ran)
 * @param maxCommittedBytes largest heap committed by the JVM
 * @param collections number of collection pauses logged
 * @param exitLogged whether the exit line was found (a killed JVM does not write it)
 */
record HeapUse(
    long peakUsedBytes,
    long maxLiveAfterGcBytes,
    long maxCommittedBytes,
    int collections,
    boolean exitLogged) {

  /** The -Xlog option that writes what {@link #read} expects into {@code file}. */
  static String logOption(Path file) {
    return "-Xlog:gc,gc+heap+exit:file=" + file.toAbsolutePath() + "::filecount=0";
  }

  private static final Pattern PAUSE =
      Pattern.compile("Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
  private static final Pattern EXIT =
      Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");

  /** Reads a log written with {@link #logOption}. */
  static HeapUse read(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    long peak = 0;
    long live = -1;
    long committed = 0;
    int pauses = 0;
    boolean exit = false;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        pauses++;
        peak = Math.max(peak, bytes(m.group(1), m.group(2)));
        live = Math.max(live, bytes(m.group(3), m.group(4)));
        committed = Math.max(committed, bytes(m.group(5), m.group(6)));
        continue;
      }
      Matcher e = EXIT.matcher(line);
      if (e.find() && !exit) {
        exit = true;
        committed = Math.max(committed, Long.parseLong(e.group(1)) << 10);
        peak = Math.max(peak, Long.parseLong(e.group(2)) << 10);
      }
    }
    return new HeapUse(peak, live, committed, pauses, exit);
  }

  private static long bytes(String number, String unit) {
    long n = Long.parseLong(number);
    return switch (unit) {
      case "K" -> n << 10;
      case "M" -> n << 20;
      default -> n << 30;
    };
  }
}

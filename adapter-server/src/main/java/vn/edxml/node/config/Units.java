package vn.edxml.node.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of durations and sizes as the node's configuration and commands write them. Each
 * caller adds its own bounds and its own error wording.
 */
public final class Units {

  private static final Pattern SIZE =
      Pattern.compile("([0-9]+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)", Pattern.CASE_INSENSITIVE);

  private Units() {}

  /**
   * {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h}; a bare number is seconds.
   *
   * @throws IllegalArgumentException when {@code text} is not such a duration
   */
  public static Duration duration(String text) {
    String v = text.toLowerCase(Locale.ROOT).strip();
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a duration: " + text, e);
    }
  }

  /**
   * A byte count: a whole number, optionally with B, K/KB/KiB, M/MB/MiB or G/GB/GiB (all powers of
   * 1024).
   *
   * @throws IllegalArgumentException when {@code text} is not such a size or overflows a long
   */
  public static long bytes(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: " + text);
    }
    long factor =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k", "kb", "kib" -> 1L << 10;
          case "m", "mb", "mib" -> 1L << 20;
          case "g", "gb", "gib" -> 1L << 30;
          default -> 1;
        };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a size: " + text, e);
    }
  }
}

package vn.edxml.bridge;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * The folder bridge's configuration, loaded from one properties file ({@code bridge.properties}).
 * Relative paths are resolved against that file's folder.
 *
 * <pre>
 * client.config=organ-a.properties   # the client configuration (endpoint, organ, keys, ...);
 *                                    # or write those client keys in this file instead
 * folder=exchange                    # root of outbox/, sent/, failed/, inbox/, status/, .bridge/
 * poll.interval=5s                   # wait between cycles (optional)
 * outbox.settle=2s                   # a file is sent once unchanged this long (optional)
 * cycle.max-files=50                 # files sent and messages received per cycle, each (optional)
 * </pre>
 *
 * @param clientConfig the client configuration file (this file itself when the client keys are in
 *     it)
 * @param folder the exchange folder
 * @param pollInterval the wait between two cycles
 * @param outboxSettle how long a file in outbox/ must stay unchanged (size and modification time)
 *     before it is sent; 0 when the legacy software always writes a temporary name and renames
 * @param maxFilesPerCycle how many outbox files are sent, and how many messages received, per cycle
 */
public record BridgeConfig(
    Path clientConfig,
    Path folder,
    Duration pollInterval,
    Duration outboxSettle,
    int maxFilesPerCycle) {

  public BridgeConfig {
    Objects.requireNonNull(clientConfig, "clientConfig");
    Objects.requireNonNull(folder, "folder");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll.interval must be positive");
    }
    if (outboxSettle.isNegative()) {
      throw new IllegalArgumentException("outbox.settle must not be negative");
    }
    if (maxFilesPerCycle < 1 || maxFilesPerCycle > 10_000) {
      throw new IllegalArgumentException("cycle.max-files must be 1 to 10000");
    }
  }

  /** Reads and checks {@code bridge.properties}; a problem names the key and the fix. */
  public static BridgeConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Path base = file.toAbsolutePath().getParent();
    String client = p.getProperty("client.config", "").strip();
    Path clientConfig = client.isEmpty() ? file.toAbsolutePath() : base.resolve(client).normalize();
    if (!Files.isRegularFile(clientConfig)) {
      throw new IOException(
          file + ": client.config names " + clientConfig + ", which is not a file");
    }
    if (client.isEmpty() && p.getProperty("endpoint") == null) {
      throw new IOException(
          file
              + ": client.config is missing — name the client configuration file (e.g."
              + " client.config=organ-a.properties) or write its keys (endpoint, organ.id, ...)"
              + " in this file");
    }
    String folder = p.getProperty("folder", "").strip();
    if (folder.isEmpty()) {
      throw new IOException(
          file + ": folder is missing — give the folder that holds outbox/, inbox/, ...");
    }
    try {
      return new BridgeConfig(
          clientConfig,
          base.resolve(folder).normalize(),
          duration(p, "poll.interval", Duration.ofSeconds(5), file),
          duration(p, "outbox.settle", Duration.ofSeconds(2), file),
          integer(p, "cycle.max-files", 50, file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** A copy with another folder (e.g. for tests and samples). */
  public BridgeConfig withFolder(Path folder) {
    return new BridgeConfig(clientConfig, folder, pollInterval, outboxSettle, maxFilesPerCycle);
  }

  private static int integer(Properties p, String key, int def, Path file) throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IOException(file + ": " + key + " '" + v + "' is not a whole number", e);
    }
  }

  static Duration duration(Properties p, String key, Duration def, Path file) throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).strip()));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).strip()));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IOException(
          file + ": " + key + " '" + v + "' is not a duration — write e.g. 500ms, 5s or 2m", e);
    }
  }
}

package vn.edxml.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Raw key/value settings: a properties file overlaid with environment variables. The variable for
 * key {@code store.url} is {@code EDXML_STORE_URL} (upper case, dots and dashes as underscores).
 * Typed getters throw {@link ConfigException} naming the key and the fix.
 */
public final class Settings {

  private final Properties file;
  private final Map<String, String> env;
  private final Path baseDir;
  private final Set<String> read = new TreeSet<>();

  public Settings(Properties file, Map<String, String> env, Path baseDir) {
    this.file = file;
    this.env = Map.copyOf(env);
    this.baseDir = baseDir;
  }

  /** The environment variable name for a key. */
  public static String envName(String key) {
    return "EDXML_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String string(String key, String defaultValue) {
    read.add(key);
    String fromEnv = env.get(envName(key));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    String value = file.getProperty(key);
    return value == null || value.isBlank() ? defaultValue : value.strip();
  }

  public String required(String key, String fix) {
    String value = string(key, null);
    if (value == null) {
      throw new ConfigException(key, "is required", fix);
    }
    return value;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new ConfigException(
            key, "is " + parsed, "use a whole number from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + value + "' is not a number", "use a whole number");
    }
  }

  public long bytes(String key, long defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      long n = Units.bytes(value.replace(" ", ""));
      if (n <= 0) {
        throw new IllegalArgumentException("not positive");
      }
      return n;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "'" + value + "' is not a size", "write e.g. 512MB or 2GB");
    }
  }

  public Duration duration(String key, Duration defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Units.duration(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key, "'" + value + "' is not a duration", "write e.g. 300s, 5m or 500ms");
    }
  }

  public boolean bool(String key, boolean defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw new ConfigException(key, "'" + value + "' is not a boolean", "use true or false");
    };
  }

  /** A path; relative paths are resolved against the config file's folder. */
  public Path path(String key, String defaultValue) {
    String value = string(key, defaultValue);
    if (value == null) {
      return null;
    }
    Path p = Path.of(value);
    return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
  }

  public Path baseDir() {
    return baseDir;
  }

  /**
   * Keys of the file starting with {@code prefix}, sorted (patterned keys such as {@code
   * peer.<name>.endpoint}: they come from the file; an environment variable can override the value
   * of one present there).
   */
  public Set<String> keys(String prefix) {
    Set<String> result = new TreeSet<>();
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith(prefix)) {
        result.add(key);
      }
    }
    return result;
  }

  /** Keys present in the file that no getter asked for: probably misspelled. */
  public Set<String> unknownKeys() {
    Set<String> unknown = new TreeSet<>(file.stringPropertyNames());
    unknown.removeAll(read);
    return unknown;
  }
}

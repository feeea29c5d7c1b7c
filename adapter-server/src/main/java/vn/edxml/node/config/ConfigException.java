package vn.edxml.node.config;

/** A configuration value is missing or wrong; the message names the key and the fix. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String problem, String fix) {
    super(key + ": " + problem + (fix == null ? "" : " — " + fix));
    this.key = key;
  }

  public ConfigException(String key, String problem, String fix, Throwable cause) {
    super(key + ": " + problem + (fix == null ? "" : " — " + fix), cause);
    this.key = key;
  }

  /** The configuration key at fault. */
  public String key() {
    return key;
  }
}

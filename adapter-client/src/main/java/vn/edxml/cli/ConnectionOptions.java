package vn.edxml.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.ClientListener;
import vn.edxml.client.EdxmlClient;

/**
 * Where the node is and who the client is: a client configuration file ({@code --config} or the
 * {@code EDXML_CLIENT_CONFIG} environment variable), with any setting overridden by a flag, or
 * every setting given by flags.
 */
final class ConnectionOptions {

  static final String CONFIG_ENV = "EDXML_CLIENT_CONFIG";
  static final String PASSWORD_ENV = "EDXML_KEYSTORE_PASSWORD";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Client configuration file (keys: see README); default: $" + CONFIG_ENV + ".")
  Path config;

  @Option(names = "--endpoint", paramLabel = "URL", description = "The node's exchange URL.")
  String endpoint;

  @Option(names = "--organ", paramLabel = "CODE", description = "The organ code to act for.")
  String organ;

  @Option(names = "--keystore", paramLabel = "P12", description = "The organ's PKCS#12 key.")
  Path keystore;

  @Option(
      names = "--keystore-password",
      paramLabel = "PW",
      description = "Its password (prefer $" + PASSWORD_ENV + " or the config file).")
  String keystorePassword;

  @Option(names = "--key-alias", paramLabel = "ALIAS", description = "Key alias (default organ).")
  String keyAlias;

  @Option(
      names = "--trust-ca",
      paramLabel = "PEM",
      description = "CA certificate(s) the node's certificate chains to.")
  List<Path> trustCa;

  @Option(
      names = "--node-cert",
      paramLabel = "PEM",
      description = "The node's certificate: answers signed by anything else are refused.")
  Path nodeCertificate;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Answer timeout in seconds (default: config, else 300).")
  Integer timeoutSeconds;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description = "Attempts per call when there is no answer (default: config, else 4).")
  Integer attempts;

  /** The effective settings; problems name the flag or key to fix. */
  ClientConfig resolve(Map<String, String> env) throws IOException {
    Path file = config;
    if (file == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
      file = Path.of(env.get(CONFIG_ENV));
    }
    ClientConfig base;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IOException(
            "no configuration file "
                + file
                + (config == null ? " (from $" + CONFIG_ENV + ")" : "")
                + " — give --config FILE with endpoint, organ.id, keystore.*, trust.ca and"
                + " node.certificate");
      }
      base = ClientConfig.load(file);
    } else {
      List<String> missing = new ArrayList<>();
      if (endpoint == null) {
        missing.add("--endpoint");
      }
      if (organ == null) {
        missing.add("--organ");
      }
      if (keystore == null) {
        missing.add("--keystore");
      }
      if (trustCa == null) {
        missing.add("--trust-ca");
      }
      if (nodeCertificate == null) {
        missing.add("--node-cert");
      }
      if (!missing.isEmpty()) {
        throw new IOException(
            "no connection settings: give --config FILE (or set $"
                + CONFIG_ENV
                + "), or the flags "
                + String.join(", ", missing));
      }
      base =
          new ClientConfig(
              null,
              null,
              "",
              null,
              null,
              "organ",
              List.of(),
              null,
              Duration.ofSeconds(10),
              Duration.ofMinutes(5),
              4);
    }
    char[] password = base.keystorePassword();
    if (keystorePassword != null) {
      password = keystorePassword.toCharArray();
    } else if (env.get(PASSWORD_ENV) != null) {
      password = env.get(PASSWORD_ENV).toCharArray();
    }
    if (password == null) {
      throw new IOException(
          "no key store password: set $"
              + PASSWORD_ENV
              + ", give --keystore-password, or keystore.password in the config file");
    }
    if (attempts != null && (attempts < 1 || attempts > 20)) {
      throw new IOException("--retries " + attempts + " is out of range — give 1 to 20");
    }
    if (timeoutSeconds != null && timeoutSeconds < 1) {
      throw new IOException("--timeout " + timeoutSeconds + " is too short — give seconds, >= 1");
    }
    return new ClientConfig(
        endpoint == null ? base.endpoint() : uri(endpoint),
        organ == null ? base.organId() : organ.strip(),
        base.organName(),
        keystore == null ? base.keystore() : keystore.toAbsolutePath(),
        password,
        keyAlias == null ? base.keyAlias() : keyAlias,
        trustCa == null ? base.trustedCas() : trustCa.stream().map(Path::toAbsolutePath).toList(),
        nodeCertificate == null ? base.nodeCertificate() : nodeCertificate.toAbsolutePath(),
        base.connectTimeout(),
        timeoutSeconds == null ? base.receiveTimeout() : Duration.ofSeconds(timeoutSeconds),
        attempts == null ? base.retryAttempts() : attempts);
  }

  /** A client for the settings. */
  static EdxmlClient client(ClientConfig settings, ClientListener listener) throws IOException {
    try {
      return settings.toBuilder().listener(listener).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException(e.getMessage() + " — check keystore.alias / --key-alias", e);
    }
  }

  private static URI uri(String value) throws IOException {
    try {
      URI uri = new URI(value.strip());
      if (uri.getScheme() == null || !uri.getScheme().matches("https?")) {
        throw new URISyntaxException(value, "not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IOException(
          "--endpoint '"
              + value
              + "' is not an http(s) URL — give e.g. http://127.0.0.1:8080/edxml/exchange",
          e);
    }
  }
}

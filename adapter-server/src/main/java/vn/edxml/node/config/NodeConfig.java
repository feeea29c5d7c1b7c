package vn.edxml.node.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import vn.edxml.node.routing.Federation;

/**
 * The node's configuration: one immutable value, loaded from one properties file with environment
 * overrides ({@link Settings#envName}), validated when loaded. Every key and its default is
 * documented in {@code adapter-server/node.properties.example}.
 *
 * @param nodeId this node's code (the hub's organ code or another unique code)
 * @param host address to listen on
 * @param port TCP port (0 picks a free port)
 * @param path service path, e.g. {@code /edxml/exchange}
 * @param keystore PKCS#12 file with the node's signing key and certificate
 * @param keystorePassword its password
 * @param keyAlias alias of the signing key
 * @param keyPassword the key's password (defaults to the keystore password)
 * @param trustedCas PEM files of the CAs whose certificates are accepted
 * @param crls CRL files; when any is given, revocation is checked and a missing or stale CRL fails
 * @param dataDir folder for payloads, the embedded database and temporary files
 * @param storeUrl JDBC URL of the store
 * @param storeUser database user
 * @param storePassword database password
 * @param storePoolSize connection pool size
 * @param directoryFile optional organ directory file loaded at start-up
 * @param timestampTtl how old a request's signed timestamp may be
 * @param timestampFutureTtl how far in the future a timestamp may lie (clock skew)
 * @param maxPackageBytes largest package accepted
 * @param maxRequestBytes largest HTTP request accepted (package plus SOAP overhead)
 * @param validationStrict validate packages in strict mode instead of lenient
 * @param sendStatusOnConfirm on ConfirmReceived, emit status 01 to the sender on the receiver's
 *     behalf
 * @param pendingPageSize default and maximum page of GetPendingDocuments
 * @param shutdownGrace how long a stopping node lets in-flight requests finish
 * @param federation peers, routing table and forwarding settings ({@link FederationSettings})
 */
public record NodeConfig(
    String nodeId,
    String host,
    int port,
    String path,
    Path keystore,
    char[] keystorePassword,
    String keyAlias,
    char[] keyPassword,
    List<Path> trustedCas,
    List<Path> crls,
    Path dataDir,
    String storeUrl,
    String storeUser,
    String storePassword,
    int storePoolSize,
    Path directoryFile,
    Duration timestampTtl,
    Duration timestampFutureTtl,
    long maxPackageBytes,
    long maxRequestBytes,
    boolean validationStrict,
    boolean sendStatusOnConfirm,
    int pendingPageSize,
    Duration shutdownGrace,
    Federation federation) {

  public NodeConfig {
    trustedCas = List.copyOf(trustedCas);
    crls = List.copyOf(crls);
    federation = federation == null ? Federation.NONE : federation;
  }

  /** A configuration without peers (a node serving only its own organs). */
  public NodeConfig(
      String nodeId,
      String host,
      int port,
      String path,
      Path keystore,
      char[] keystorePassword,
      String keyAlias,
      char[] keyPassword,
      List<Path> trustedCas,
      List<Path> crls,
      Path dataDir,
      String storeUrl,
      String storeUser,
      String storePassword,
      int storePoolSize,
      Path directoryFile,
      Duration timestampTtl,
      Duration timestampFutureTtl,
      long maxPackageBytes,
      long maxRequestBytes,
      boolean validationStrict,
      boolean sendStatusOnConfirm,
      int pendingPageSize,
      Duration shutdownGrace) {
    this(
        nodeId,
        host,
        port,
        path,
        keystore,
        keystorePassword,
        keyAlias,
        keyPassword,
        trustedCas,
        crls,
        dataDir,
        storeUrl,
        storeUser,
        storePassword,
        storePoolSize,
        directoryFile,
        timestampTtl,
        timestampFutureTtl,
        maxPackageBytes,
        maxRequestBytes,
        validationStrict,
        sendStatusOnConfirm,
        pendingPageSize,
        shutdownGrace,
        Federation.NONE);
  }

  /** The same configuration with another federation (peers, routes, forwarding settings). */
  public NodeConfig withFederation(Federation newFederation) {
    return new NodeConfig(
        nodeId,
        host,
        port,
        path,
        keystore,
        keystorePassword,
        keyAlias,
        keyPassword,
        trustedCas,
        crls,
        dataDir,
        storeUrl,
        storeUser,
        storePassword,
        storePoolSize,
        directoryFile,
        timestampTtl,
        timestampFutureTtl,
        maxPackageBytes,
        maxRequestBytes,
        validationStrict,
        sendStatusOnConfirm,
        pendingPageSize,
        shutdownGrace,
        newFederation);
  }

  /** Loads and validates a configuration file, with environment overrides. */
  public static NodeConfig load(Path file, Map<String, String> env) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(
          "--config", "cannot read " + file + ": " + e.getMessage(), "give a readable file", e);
    }
    Path base = file.toAbsolutePath().getParent();
    return from(new Settings(properties, env, base));
  }

  /** Builds and validates a configuration from settings. */
  public static NodeConfig from(Settings s) {
    String nodeId = s.required("node.id", "set node.id to this node's code, e.g. 000.00.00.H26");
    if (!nodeId.matches("[A-Za-z0-9._:\\-]{1,64}")) {
      throw new ConfigException(
          "node.id",
          "'" + nodeId + "' has characters a code cannot have",
          "use letters, digits, dots, dashes");
    }
    String path = s.string("http.path", "/edxml/exchange");
    if (!path.startsWith("/")) {
      throw new ConfigException("http.path", "must start with /", "e.g. /edxml/exchange");
    }
    char[] ksPassword =
        s.required("keystore.password", "set the password of the node's PKCS#12 key store")
            .toCharArray();
    String keyPassword = s.string("key.password", null);
    Path dataDir = s.path("data.dir", "data");
    String defaultUrl = "jdbc:h2:file:" + dataDir.resolve("db").resolve("edxml").toAbsolutePath();
    NodeConfig config =
        new NodeConfig(
            nodeId,
            s.string("http.host", "127.0.0.1"),
            s.integer("http.port", 8080, 0, 65535),
            path,
            requiredPath(s, "keystore.path", "the node's PKCS#12 key store (signing key)"),
            ksPassword,
            s.string("keystore.alias", "node"),
            keyPassword == null ? ksPassword : keyPassword.toCharArray(),
            paths(s, "trust.ca", true),
            paths(s, "trust.crl", false),
            dataDir,
            s.string("store.url", defaultUrl),
            s.string("store.user", "edxml"),
            s.string("store.password", ""),
            s.integer("store.pool-size", 8, 1, 200),
            s.path("directory.file", null),
            s.duration("security.timestamp.ttl", Duration.ofSeconds(300)),
            s.duration("security.timestamp.future-ttl", Duration.ofSeconds(60)),
            s.bytes("limits.max-package-size", 512L << 20),
            s.bytes("limits.max-request-size", 768L << 20),
            "strict".equals(s.string("validation.mode", "lenient").toLowerCase(Locale.ROOT)),
            s.bool("confirm.send-status-01", false),
            s.integer("pending.page-size", 100, 1, 500),
            s.duration("shutdown.grace", Duration.ofSeconds(20)),
            FederationSettings.read(s, nodeId));
    String mode = s.string("validation.mode", "lenient").toLowerCase(Locale.ROOT);
    if (!mode.equals("lenient") && !mode.equals("strict")) {
      throw new ConfigException(
          "validation.mode", "'" + mode + "' is unknown", "use lenient or strict");
    }
    if (config.maxRequestBytes() < config.maxPackageBytes()) {
      throw new ConfigException(
          "limits.max-request-size",
          "is smaller than limits.max-package-size",
          "make it at least the package size plus a few kilobytes");
    }
    if (config.directoryFile() != null && !Files.isRegularFile(config.directoryFile())) {
      throw new ConfigException(
          "directory.file",
          "no such file: " + config.directoryFile(),
          "fix the path or remove the key");
    }
    List<String> unknown = new ArrayList<>(s.unknownKeys());
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          unknown.get(0),
          "is not a known key",
          "check the spelling against node.properties.example");
    }
    return config;
  }

  /** The same configuration listening on another port (e.g. the port a first start picked). */
  public NodeConfig withPort(int newPort) {
    return new NodeConfig(
        nodeId,
        host,
        newPort,
        path,
        keystore,
        keystorePassword,
        keyAlias,
        keyPassword,
        trustedCas,
        crls,
        dataDir,
        storeUrl,
        storeUser,
        storePassword,
        storePoolSize,
        directoryFile,
        timestampTtl,
        timestampFutureTtl,
        maxPackageBytes,
        maxRequestBytes,
        validationStrict,
        sendStatusOnConfirm,
        pendingPageSize,
        shutdownGrace,
        federation);
  }

  /** The service URL clients use. */
  public String address(int actualPort) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + actualPort + path;
  }

  private static Path requiredPath(Settings s, String key, String what) {
    Path p = s.path(key, null);
    if (p == null) {
      throw new ConfigException(key, "is required", "give the path of " + what);
    }
    if (!Files.isReadable(p)) {
      throw new ConfigException(key, "cannot read " + p, "give the path of " + what);
    }
    return p;
  }

  private static List<Path> paths(Settings s, String key, boolean required) {
    String value = s.string(key, null);
    if (value == null) {
      if (required) {
        throw new ConfigException(
            key, "is required", "list the PEM files of the trusted CAs, separated by commas");
      }
      return List.of();
    }
    List<Path> result = new ArrayList<>();
    for (String part : value.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      Path p = Path.of(part.strip());
      p = p.isAbsolute() ? p : s.baseDir().resolve(p).normalize();
      if (!Files.isReadable(p)) {
        throw new ConfigException(key, "cannot read " + p, "fix the path");
      }
      result.add(p);
    }
    return result;
  }
}

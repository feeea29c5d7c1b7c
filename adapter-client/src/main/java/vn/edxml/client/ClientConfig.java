package vn.edxml.client;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import vn.edxml.pki.Pem;

/**
 * A client configuration file: everything a client needs to talk to a node for one organ. The same
 * file serves the library ({@link EdxmlClient#fromConfig}), the command-line tool and the folder
 * bridge. Relative paths are resolved against the file's folder.
 *
 * <pre>
 * endpoint=http://127.0.0.1:8080/edxml/exchange   # the node's exchange service URL
 * organ.id=000.00.01.H99                          # the organ this client acts for
 * organ.name=UBND Demo A                           # its display name (optional)
 * keystore.path=pki/organ-a.p12                    # the organ's PKCS#12 signing key
 * keystore.password=...
 * keystore.alias=organ
 * trust.ca=pki/ca.pem                              # trusted CA(s), comma-separated PEM files
 * node.certificate=pki/node.pem                    # responses must be signed by this certificate
 * timeout.connect=10s                              # optional
 * timeout.receive=300s                             # optional
 * retry.attempts=4                                 # optional
 * </pre>
 */
public record ClientConfig(
    URI endpoint,
    String organId,
    String organName,
    Path keystore,
    char[] keystorePassword,
    String keyAlias,
    List<Path> trustedCas,
    Path nodeCertificate,
    Duration connectTimeout,
    Duration receiveTimeout,
    int retryAttempts) {

  public ClientConfig {
    trustedCas = List.copyOf(trustedCas);
  }

  /** Reads and checks a configuration file; problems name the key and the fix. */
  public static ClientConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Path base = file.toAbsolutePath().getParent();
    String endpoint =
        required(
            p,
            "endpoint",
            file,
            "the node's service URL, e.g. http://127.0.0.1:8080/edxml/exchange");
    URI uri;
    try {
      uri = new URI(endpoint);
      if (uri.getScheme() == null || !uri.getScheme().matches("https?")) {
        throw new URISyntaxException(endpoint, "not an http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new IOException(file + ": endpoint '" + endpoint + "' is not an http(s) URL", e);
    }
    List<Path> cas = new ArrayList<>();
    for (String part : required(p, "trust.ca", file, "PEM file(s) of the trusted CA").split(",")) {
      if (!part.isBlank()) {
        cas.add(resolve(base, part.strip()));
      }
    }
    return new ClientConfig(
        uri,
        required(p, "organ.id", file, "the organ code this client acts for"),
        p.getProperty("organ.name", "").strip(),
        resolve(base, required(p, "keystore.path", file, "the organ's PKCS#12 key store")),
        required(p, "keystore.password", file, "the key store's password").toCharArray(),
        p.getProperty("keystore.alias", "organ").strip(),
        cas,
        resolve(base, required(p, "node.certificate", file, "the node's certificate (PEM)")),
        duration(p, "timeout.connect", Duration.ofSeconds(10), file),
        duration(p, "timeout.receive", Duration.ofMinutes(5), file),
        attempts(p, file));
  }

  private static int attempts(Properties p, Path file) throws IOException {
    String v = p.getProperty("retry.attempts", "4").strip();
    try {
      int n = Integer.parseInt(v);
      if (n < 1 || n > 20) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException(
          file + ": retry.attempts '" + v + "' is not a number from 1 to 20 — write e.g. 4", e);
    }
  }

  /**
   * A client builder with everything this file says.
   *
   * @throws IOException naming the setting whose file is missing or unreadable
   */
  public EdxmlClient.Builder toBuilder() throws IOException {
    requireFile(keystore, "keystore.path", "the organ's PKCS#12 key store");
    for (Path ca : trustedCas) {
      requireFile(
          ca, "trust.ca", "the PEM certificate of the CA that issued the node's certificate");
    }
    requireFile(nodeCertificate, "node.certificate", "the node's certificate (PEM)");
    EdxmlClient.Builder b =
        EdxmlClient.builder()
            .endpoint(endpoint)
            .organ(organId)
            .keyStore(keystore, keystorePassword, keyAlias)
            .connectTimeout(connectTimeout)
            .receiveTimeout(receiveTimeout)
            .retry(
                retryAttempts <= 1
                    ? RetryPolicy.NONE
                    : new RetryPolicy(
                        retryAttempts, Duration.ofMillis(500), Duration.ofSeconds(8)));
    for (Path ca : trustedCas) {
      for (X509Certificate c : Pem.readCertificates(ca)) {
        b.trustedCa(c);
      }
    }
    for (X509Certificate c : Pem.readCertificates(nodeCertificate)) {
      b.nodeCertificate(c);
    }
    return b;
  }

  private static void requireFile(Path file, String key, String what) throws IOException {
    if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new java.nio.file.NoSuchFileException(
          String.valueOf(file), null, key + " names no readable file — give " + what);
    }
  }

  private static String required(Properties p, String key, Path file, String what)
      throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IOException(file + ": " + key + " is missing — give " + what);
    }
    return v.strip();
  }

  private static Path resolve(Path base, String value) {
    Path p = Path.of(value);
    return p.isAbsolute() ? p : base.resolve(p).normalize();
  }

  private static Duration duration(Properties p, String key, Duration def, Path file)
      throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    String s = v.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IOException(
          file + ": " + key + " '" + v + "' is not a duration — write e.g. 30s or 5m", e);
    }
  }
}

package vn.edxml.node.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A client configuration file: what a client (the demo, the client library, the folder bridge)
 * needs to talk to a node for one organ. Keys:
 *
 * <ul>
 *   <li>{@code endpoint}: the node's exchange service URL
 *   <li>{@code organ.id}: the organ the client acts for (Interchange/From)
 *   <li>{@code organ.name}: its display name
 *   <li>{@code keystore.path}, {@code keystore.password}, {@code keystore.alias}: the organ's
 *       PKCS#12 signing key (the certificate must be registered for the organ on the node)
 *   <li>{@code trust.ca}: PEM files of trusted CAs, comma-separated
 *   <li>{@code node.certificate}: the node's certificate (PEM); every response must be signed by it
 * </ul>
 *
 * Relative paths are resolved against the file's folder.
 */
public record ClientConfig(
    String endpoint,
    String organId,
    String organName,
    Path keystore,
    char[] keystorePassword,
    String keyAlias,
    List<Path> trustedCas,
    Path nodeCertificate) {

  /** The text of a client configuration file, every key commented. */
  public static String render(
      String title,
      String endpoint,
      String organId,
      String organName,
      String keystore,
      String password,
      String alias,
      String trustCa,
      String nodeCertificate) {
    return "# "
        + title
        + "\n# DEMO MATERIAL made by `edxml-node.jar demo`: NEVER USE IN PRODUCTION.\n"
        + "# Relative paths are resolved against this folder.\n\n"
        + "# The node's exchange service URL\n"
        + "endpoint="
        + endpoint
        + "\n\n# The organ this client acts for (Interchange/From) and its name\n"
        + "organ.id="
        + organId
        + "\norgan.name="
        + organName
        + "\n\n# The organ's PKCS#12 signing key; its certificate is registered for the organ on"
        + " the node\n"
        + "keystore.path="
        + keystore
        + "\n# DEMO password, generated for this folder only\n"
        + "keystore.password="
        + password
        + "\nkeystore.alias="
        + alias
        + "\n\n# CA certificates (PEM, comma-separated) trusted for the node's certificate\n"
        + "trust.ca="
        + trustCa
        + "\n\n# The node's certificate (PEM): every response must be signed by it\n"
        + "node.certificate="
        + nodeCertificate
        + "\n";
  }

  /** Reads a client configuration file; a missing key is an error naming it. */
  public static ClientConfig load(Path file) throws IOException {
    Properties p = DemoFolder.load(file);
    Path base = file.toAbsolutePath().getParent();
    List<Path> cas = new ArrayList<>();
    for (String part : required(p, "trust.ca", file).split(",")) {
      if (!part.isBlank()) {
        cas.add(base.resolve(part.strip()));
      }
    }
    return new ClientConfig(
        required(p, "endpoint", file),
        required(p, "organ.id", file),
        p.getProperty("organ.name", "").strip(),
        base.resolve(required(p, "keystore.path", file)),
        required(p, "keystore.password", file).toCharArray(),
        p.getProperty("keystore.alias", "organ").strip(),
        cas,
        base.resolve(required(p, "node.certificate", file)));
  }

  /** The organ's key store. */
  public KeyStore openKeyStore() throws IOException {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, keystorePassword);
      if (!ks.isKeyEntry(keyAlias)) {
        throw new IOException("no key named '" + keyAlias + "' in " + keystore);
      }
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot open " + keystore + ": " + e.getMessage(), e);
    }
  }

  /** The organ's signing certificate. */
  public X509Certificate certificate(KeyStore ks) throws IOException {
    try {
      return (X509Certificate) ks.getCertificate(keyAlias);
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static String required(Properties p, String key, Path file) throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IOException(file + ": " + key + " is missing");
    }
    return v.strip();
  }
}

package vn.edxml.node.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.edxml.node.config.ConfigException;
import vn.edxml.node.security.Fingerprints;
import vn.edxml.node.store.CertificateRecord;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.OrganRecord;
import vn.edxml.pki.Pem;

/**
 * The organ directory and certificate registry of a node: organs (code, name, parent, home node)
 * and the certificates registered for them, kept in the store.
 *
 * <p>Directory file format, one organ per line, fields separated by {@code |}, {@code #} starts a
 * comment: {@code code | name | parent code | home node | certificate files}. Empty home node means
 * this node (the organ's mailbox is here); certificate files are PEM, comma-separated, relative to
 * the directory file.
 */
public final class Directory {

  private final MessageStore store;
  private final String nodeId;

  public Directory(MessageStore store, String nodeId) {
    this.store = store;
    this.nodeId = nodeId;
  }

  /** Adds or updates an organ. A null or blank home node means this node. */
  public OrganRecord putOrgan(String code, String name, String parent, String homeNode) {
    requireCode(code);
    String home = homeNode == null || homeNode.isBlank() ? nodeId : homeNode.strip();
    OrganRecord record =
        new OrganRecord(
            code,
            name,
            parent == null || parent.isBlank() ? null : parent.strip(),
            home,
            home.equals(nodeId));
    store.putOrgan(record);
    return record;
  }

  /** Registers a certificate for an organ already in the directory. */
  public CertificateRecord registerCertificate(String organCode, X509Certificate certificate) {
    CertificateRecord record = record(organCode, certificate);
    store.addCertificate(record);
    return record;
  }

  public boolean revokeCertificate(String fingerprint, Instant at) {
    return store.revokeCertificate(fingerprint.toLowerCase(java.util.Locale.ROOT), at);
  }

  public static CertificateRecord record(String organCode, X509Certificate certificate) {
    return new CertificateRecord(
        Fingerprints.sha256(certificate),
        organCode,
        certificate.getSubjectX500Principal().getName(),
        certificate.getSerialNumber().toString(16),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        Pem.encode(certificate),
        null);
  }

  /** Loads a directory file; returns the number of organs loaded. */
  public int load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          "directory.file", "cannot read " + file + ": " + e.getMessage(), null, e);
    }
    int count = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      String where = file + " line " + (i + 1);
      if (f.length < 2 || f[0].isBlank() || f[1].isBlank()) {
        throw new ConfigException(
            "directory.file",
            where + ": expected 'code | name | parent | home node | certificates'",
            null);
      }
      String code = f[0].strip();
      try {
        putOrgan(code, f[1].strip(), f.length > 2 ? f[2] : null, f.length > 3 ? f[3] : null);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("directory.file", where + ": " + e.getMessage(), null, e);
      }
      if (f.length > 4 && !f[4].isBlank()) {
        for (String certFile : f[4].split(",")) {
          Path p = file.toAbsolutePath().getParent().resolve(certFile.strip());
          try {
            for (X509Certificate c : Pem.readCertificates(p)) {
              registerCertificate(code, c);
            }
          } catch (IOException e) {
            throw new ConfigException(
                "directory.file", where + ": " + e.getMessage(), "fix the certificate path", e);
          }
        }
      }
      count++;
    }
    return count;
  }

  public List<OrganRecord> organs() {
    return new ArrayList<>(store.organs(null, null, 100_000));
  }

  private static void requireCode(String code) {
    if (code == null || !code.matches("[A-Za-z0-9._:\\-]{1,64}")) {
      throw new IllegalArgumentException("'" + code + "' is not an organ code");
    }
  }
}

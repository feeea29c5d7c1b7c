package vn.edxml.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;

/** PEM encoding of certificates. */
public final class Pem {

  private Pem() {}

  public static String encode(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  /** Reads every certificate in a PEM (or DER) file. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    return readCertificates(Files.readAllBytes(file), file.toString());
  }

  public static List<X509Certificate> readCertificates(byte[] bytes, String source)
      throws IOException {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Collection<? extends java.security.cert.Certificate> all =
          factory.generateCertificates(new ByteArrayInputStream(bytes));
      List<X509Certificate> result = new ArrayList<>();
      for (java.security.cert.Certificate c : all) {
        result.add((X509Certificate) c);
      }
      if (result.isEmpty()) {
        throw new IOException("no certificate in " + source);
      }
      return result;
    } catch (CertificateException e) {
      throw new IOException("not a PEM or DER certificate: " + source, e);
    }
  }

  public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
    Files.writeString(file, encode(certificate), StandardCharsets.US_ASCII);
  }

  static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(
          file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own permissions apply.
    }
  }
}

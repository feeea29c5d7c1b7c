package vn.edxml.client.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.Credential;
import vn.edxml.pki.Pem;

/**
 * Client configuration files for a {@link TestNode}, as a vendor would have them: the organ's
 * PKCS#12 key, the CA and node certificates as PEM, and a properties file naming them.
 */
public final class ClientFiles {

  public static final String PASSWORD = "client-secret";

  private ClientFiles() {}

  /** Writes DIR/&lt;organ&gt;.properties (and its key and certificates) and returns its path. */
  public static Path write(TestNode node, String organ, Path dir) throws IOException {
    return write(node, organ, node.pki().organ(organ), node.node().address(), dir);
  }

  /** The same with any credential and endpoint (e.g. a port where nothing listens). */
  public static Path write(
      TestNode node, String organ, Credential credential, String endpoint, Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("pki"));
    String base = organ.toLowerCase(Locale.ROOT).replace('.', '-');
    credential.writePkcs12(dir.resolve("pki/" + base + ".p12"), "organ", PASSWORD.toCharArray());
    Pem.writeCertificate(dir.resolve("pki/ca.pem"), node.pki().ca().certificate());
    Pem.writeCertificate(dir.resolve("pki/node.pem"), node.pki().node().certificate());
    Path config = dir.resolve(base + ".properties");
    Files.writeString(
        config,
        "endpoint="
            + endpoint
            + "\norgan.id="
            + organ
            + "\norgan.name=Test organ "
            + organ
            + "\nkeystore.path=pki/"
            + base
            + ".p12\nkeystore.password="
            + PASSWORD
            + "\nkeystore.alias=organ\ntrust.ca=pki/ca.pem\nnode.certificate=pki/node.pem\n"
            + "timeout.connect=5s\ntimeout.receive=60s\nretry.attempts=2\n",
        StandardCharsets.UTF_8);
    return config;
  }

  /** An endpoint on 127.0.0.1 where nothing listens. */
  public static String deadEndpoint() throws IOException {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return "http://127.0.0.1:" + port + "/edxml/exchange";
  }
}

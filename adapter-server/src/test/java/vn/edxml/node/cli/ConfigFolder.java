package vn.edxml.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.edxml.node.testing.TestPki;
import vn.edxml.pki.Credential;
import vn.edxml.pki.Pem;

/** A node configuration folder with a test PKI: node.p12 (alias node), ca.pem, node.properties. */
final class ConfigFolder {

  static final String NODE_ID = "000.00.00.H98";
  static final String PASSWORD = "test-pw";

  final Path dir;
  final TestPki pki = new TestPki(NODE_ID);
  final Map<String, String> keys = new LinkedHashMap<>();

  ConfigFolder(String prefix) throws IOException {
    dir = CliRun.freshDir(prefix);
    Files.createDirectories(dir);
    writeKeyStore(pki.node(), "node.p12");
    Pem.writeCertificate(dir.resolve("ca.pem"), pki.ca().certificate());
    keys.put("node.id", NODE_ID);
    keys.put("http.port", "0");
    keys.put("keystore.path", "node.p12");
    keys.put("keystore.password", PASSWORD);
    keys.put("trust.ca", "ca.pem");
    keys.put("data.dir", "data");
  }

  void writeKeyStore(Credential credential, String name) throws IOException {
    credential.writePkcs12(dir.resolve(name), "node", PASSWORD.toCharArray());
  }

  ConfigFolder set(String key, String value) {
    keys.put(key, value);
    return this;
  }

  /** Writes node.properties and returns its path. */
  Path write() throws IOException {
    StringBuilder sb = new StringBuilder();
    keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    Path file = dir.resolve("node.properties");
    Files.writeString(file, sb, StandardCharsets.UTF_8);
    return file;
  }
}

package vn.edxml.node.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;
import vn.edxml.pki.Pem;

/**
 * The demo's folder: made on first use, reused as it is afterwards. It holds a demo PKI generated
 * for this folder only (never shipped in the jar or the repository), a node configuration, a
 * directory file and one client configuration per demo organ:
 *
 * <pre>
 * DIR/README.txt            what this is: DEMO material, never for production
 * DIR/node.properties       the node's configuration (keys: adapter-server/node.properties.example)
 * DIR/directory.txt         the two demo organs and their certificates
 * DIR/organ-a.properties    client configuration of organ A (keys: {@link ClientConfig})
 * DIR/organ-b.properties    client configuration of organ B
 * DIR/pki/demo-ca.pem       demo CA certificate (trusted by the node and the clients)
 * DIR/pki/demo-ca.p12       demo CA key (alias ca), to issue more demo certificates
 * DIR/pki/node.p12 .pem     the node's signing key (alias node) and certificate
 * DIR/pki/organ-a.p12 .pem  organ A's signing key (alias organ) and certificate
 * DIR/pki/organ-b.p12 .pem  organ B's
 * DIR/data/                 the node's database and payload files (made by the node)
 * </pre>
 *
 * <p>{@code node.properties} is written last: a folder without it is (re)made from scratch, so an
 * interrupted first run repairs itself.
 */
public final class DemoFolder {

  /** The demo node's code. */
  public static final String NODE_ID = "000.00.00.H99";

  /** The demo organs: code, name, file stem. */
  public static final List<DemoOrgan> ORGANS =
      List.of(
          new DemoOrgan("000.00.01.H99", "UBND Demo A", "organ-a"),
          new DemoOrgan("000.00.02.H99", "UBND Demo B", "organ-b"));

  static final String README_FIRST_LINE = "DEMO MATERIAL - NEVER USE IN PRODUCTION";

  private static final String DEMO_MARK =
      "# DEMO MATERIAL made by `edxml-node.jar demo`: NEVER USE IN PRODUCTION.\n";

  /** One demo organ. */
  public record DemoOrgan(String code, String name, String stem) {}

  private final Path dir;
  private final boolean created;

  private DemoFolder(Path dir, boolean created) {
    this.dir = dir;
    this.created = created;
  }

  /**
   * Opens {@code dir} as a demo folder, making it first if it does not exist or holds no {@code
   * node.properties} yet.
   *
   * @param port the http.port to write into a new configuration
   * @throws DemoException when {@code dir} holds other files than an unfinished demo folder
   */
  public static DemoFolder prepare(Path dir, int port, Clock clock) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.isRegularFile(abs.resolve("node.properties"))) {
      return new DemoFolder(abs, false);
    }
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new DemoException(
          abs + " is a file", "give the demo a folder name that does not exist yet");
    }
    if (Files.isDirectory(abs) && !isEmpty(abs) && !isUnfinishedDemo(abs)) {
      throw new DemoException(
          abs + " is not empty and is not a demo folder (no node.properties, no demo README.txt)",
          "give the demo a new folder name; it creates the folder");
    }
    new Maker(abs, port, clock).make();
    return new DemoFolder(abs, true);
  }

  public Path dir() {
    return dir;
  }

  /** True when this run made the folder. */
  public boolean created() {
    return created;
  }

  public Path nodeConfig() {
    return dir.resolve("node.properties");
  }

  public Path clientConfig(DemoOrgan organ) {
    return dir.resolve(organ.stem() + ".properties");
  }

  /** Points a client configuration at the node's actual address (after a start on port 0). */
  public void updateEndpoint(DemoOrgan organ, String address) throws IOException {
    Path file = clientConfig(organ);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String line = "endpoint=" + address;
    boolean changed = false;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("endpoint=") && !lines.get(i).equals(line)) {
        lines.set(i, line);
        changed = true;
      }
    }
    if (changed) {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      restrict(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static boolean isUnfinishedDemo(Path dir) throws IOException {
    Path readme = dir.resolve("README.txt");
    return Files.isRegularFile(readme)
        && Files.readString(readme, StandardCharsets.UTF_8).startsWith(README_FIRST_LINE);
  }

  /** Writes a new demo folder. */
  private static final class Maker {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;
    private final Path pki;
    private final int port;
    private final Instant now;

    Maker(Path dir, int port, Clock clock) {
      this.dir = dir;
      this.pki = dir.resolve("pki");
      this.port = port;
      this.now = clock.instant();
    }

    void make() throws IOException {
      Files.createDirectories(pki);
      restrict(pki);
      Files.writeString(dir.resolve("README.txt"), readme(), StandardCharsets.UTF_8);

      Instant from = now.minus(Duration.ofDays(1));
      CertificateAuthority ca =
          CertificateAuthority.create(
              "CN=edXML DEMO CA - NOT FOR PRODUCTION, O=edXML demo, C=VN",
              KeyKind.RSA_2048,
              from,
              Duration.ofDays(3650));
      String caPassword = password();
      ca.credential().writePkcs12(pki.resolve("demo-ca.p12"), "ca", caPassword.toCharArray());
      Pem.writeCertificate(pki.resolve("demo-ca.pem"), ca.certificate());
      Instant until = now.plus(Duration.ofDays(825));

      Credential node =
          ca.issue(
              "CN=" + NODE_ID + ", OU=DEMO node, O=edXML demo, C=VN",
              KeyKind.RSA_2048,
              from,
              until);
      String nodePassword = password();
      node.writePkcs12(pki.resolve("node.p12"), "node", nodePassword.toCharArray());
      Pem.writeCertificate(pki.resolve("node.pem"), node.certificate());

      StringBuilder directory =
          new StringBuilder(DEMO_MARK)
              .append("# Organ directory, loaded by the node at every start (directory.file).\n")
              .append(
                  "# code | name | parent code | home node (empty: this node) | certificate files\n");
      for (DemoOrgan organ : ORGANS) {
        Credential c =
            ca.issue(
                "CN=" + organ.code() + ", OU=DEMO organ, O=" + organ.name() + ", C=VN",
                KeyKind.RSA_2048,
                from,
                until);
        String pw = password();
        c.writePkcs12(pki.resolve(organ.stem() + ".p12"), "organ", pw.toCharArray());
        Pem.writeCertificate(pki.resolve(organ.stem() + ".pem"), c.certificate());
        directory
            .append(organ.code())
            .append(" | ")
            .append(organ.name())
            .append(" |  |  | pki/")
            .append(organ.stem())
            .append(".pem\n");
        write(
            organ.stem() + ".properties",
            ClientConfig.render(
                "DEMO client configuration of organ " + organ.code() + " (" + organ.name() + ")",
                "http://127.0.0.1:" + port + "/edxml/exchange",
                organ.code(),
                organ.name(),
                "pki/" + organ.stem() + ".p12",
                pw,
                "organ",
                "pki/demo-ca.pem",
                "pki/node.pem"));
      }
      Files.writeString(dir.resolve("directory.txt"), directory, StandardCharsets.UTF_8);
      Files.writeString(
          pki.resolve("demo-ca.password.txt"),
          "DEMO password of demo-ca.p12 (alias ca): " + caPassword + "\n",
          StandardCharsets.UTF_8);
      restrict(pki.resolve("demo-ca.password.txt"));
      write("node.properties", nodeProperties(nodePassword));
    }

    private String nodeProperties(String password) {
      return DEMO_MARK
          + "# The demo node's configuration. Every key, with its default and its EDXML_*\n"
          + "# environment variable, is explained in adapter-server/node.properties.example.\n"
          + "# Relative paths are resolved against this folder.\n"
          + "node.id="
          + NODE_ID
          + "\nhttp.host=127.0.0.1\nhttp.port="
          + port
          + "\nhttp.path=/edxml/exchange\n"
          + "keystore.path=pki/node.p12\n"
          + "# DEMO password, generated for this folder only\n"
          + "keystore.password="
          + password
          + "\nkeystore.alias=node\n"
          + "trust.ca=pki/demo-ca.pem\n"
          + "data.dir=data\n"
          + "directory.file=directory.txt\n";
    }

    private void write(String name, String content) throws IOException {
      Path file = dir.resolve(name);
      Path tmp = file.resolveSibling(name + ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      restrict(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String password() {
      String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
      StringBuilder sb = new StringBuilder("demo-");
      for (int i = 0; i < 16; i++) {
        sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
      }
      return sb.toString();
    }

    private String readme() {
      return README_FIRST_LINE
          + "\n\n"
          + "EVERYTHING IN THIS FOLDER IS DEMO MATERIAL. NEVER USE ANY OF IT IN PRODUCTION.\n"
          + "THE KEYS, CERTIFICATES AND PASSWORDS WERE GENERATED FOR THIS FOLDER BY\n"
          + "`java -jar edxml-node.jar demo` AND ARE WRITTEN IN PLAIN TEXT NEXT TO THEM.\n"
          + "THE DEMO CA IS TRUSTED BY NOTHING BUT THIS DEMO.\n\n"
          + "Made "
          + now
          + ". Run the demo again:  java -jar edxml-node.jar demo "
          + dir.getFileName()
          + " [--once] [--port N]\n"
          + "Run the node alone:    java -jar edxml-node.jar --config node.properties\n"
          + "Start over:            delete this folder.\n\n"
          + "  node.properties       the demo node's configuration\n"
          + "  directory.txt         the two demo organs and their certificates\n"
          + "  organ-a.properties    client configuration of 000.00.01.H99 UBND Demo A\n"
          + "  organ-b.properties    client configuration of 000.00.02.H99 UBND Demo B\n"
          + "  pki/                  DEMO CA, node and organ keys (PKCS#12) and certificates (PEM)\n"
          + "  data/                 the node's database and stored messages\n";
    }
  }

  private static void restrict(Path p) throws IOException {
    try {
      boolean folder = Files.isDirectory(p);
      Files.setPosixFilePermissions(
          p,
          folder
              ? EnumSet.of(
                  PosixFilePermission.OWNER_READ,
                  PosixFilePermission.OWNER_WRITE,
                  PosixFilePermission.OWNER_EXECUTE)
              : EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own permissions apply
    }
  }

  /** Reads a properties file (UTF-8). */
  static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
    }
    return p;
  }

  static Map<String, String> withPort(Map<String, String> env, Integer port) {
    if (port == null) {
      return env;
    }
    java.util.HashMap<String, String> copy = new java.util.HashMap<>(env);
    copy.put("EDXML_HTTP_PORT", Integer.toString(port));
    return copy;
  }
}

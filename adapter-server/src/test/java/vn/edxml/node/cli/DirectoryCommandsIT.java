package vn.edxml.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vn.edxml.node.security.Fingerprints;
import vn.edxml.pki.Credential;
import vn.edxml.pki.Pem;

/** {@code organs add|list}, {@code certs add|list|revoke} on the node's store. */
class DirectoryCommandsIT {

  private static final String A = "000.00.01.H98";
  private static final String B = "000.00.02.H98";

  private final CliRun cli = new CliRun();

  @Test
  void organsAndCertificatesFromTheCommandLine() throws Exception {
    ConfigFolder c = new ConfigFolder("dir-cmds");
    String config = c.write().toString();

    ok("organs", "add", "--config", config, "--code", A, "--name", "UBND huyện A");
    ok(
        "organs",
        "add",
        "--config",
        config,
        "--code",
        B,
        "--name",
        "Sở B",
        "--parent",
        A,
        "--home-node",
        "000.00.00.H01");
    CliRun.Result list = ok("organs", "list", "--config", config);
    assertTrue(list.out().contains(A + "  UBND huyện A"), list::toString);
    assertTrue(list.out().contains(ConfigFolder.NODE_ID + " (here)"), list::toString);
    assertTrue(list.out().contains("000.00.00.H01"), list::toString);
    assertTrue(list.out().contains("2 organs."), list::toString);
    CliRun.Result prefixed = ok("organs", "list", "--config", config, "--prefix", "000.00.02");
    assertTrue(prefixed.out().contains("1 organ."), prefixed::toString);

    Credential organA = c.pki.organ(A);
    Path pem = c.dir.resolve("a.pem");
    // leaf and CA in one file: only the leaf is registered
    Files.writeString(pem, Pem.encode(organA.certificate()) + Pem.encode(c.pki.ca().certificate()));
    String fingerprint = Fingerprints.sha256(organA.certificate());
    CliRun.Result added = ok("certs", "add", "--config", config, "--organ", A, pem.toString());
    assertTrue(added.out().contains(fingerprint), added::toString);
    assertTrue(!added.out().contains("warning"), added::toString);

    CliRun.Result certs = ok("certs", "list", "--config", config);
    assertTrue(certs.out().contains(fingerprint + "  "), certs::toString);
    assertTrue(certs.out().contains("valid"), certs::toString);
    assertTrue(certs.out().contains("1 certificate."), certs::toString);

    String withColons = fingerprint.toUpperCase().replaceAll("(..)(?!$)", "$1:");
    CliRun.Result revoked = ok("certs", "revoke", "--config", config, withColons);
    assertTrue(revoked.out().contains("revoked at"), revoked::toString);
    CliRun.Result after = ok("certs", "list", "--config", config, "--organ", A);
    assertTrue(after.out().contains("revoked 20"), after::toString);
    CliRun.Result organsAfter = ok("organs", "list", "--config", config);
    assertTrue(organsAfter.out().contains("0 valid, 1 revoked"), organsAfter::toString);
  }

  @Test
  void refusalsSayWhatToDo() throws Exception {
    ConfigFolder c = new ConfigFolder("dir-refusals");
    String config = c.write().toString();
    Path pem = c.dir.resolve("b.pem");
    Pem.writeCertificate(pem, c.pki.organ(B).certificate());

    CliRun.Result unknownOrgan =
        cli.run("certs", "add", "--config", config, "--organ", B, pem.toString());
    assertEquals(1, unknownOrgan.code(), unknownOrgan::toString);
    assertTrue(unknownOrgan.err().contains("organs add"), unknownOrgan::toString);

    CliRun.Result badCode =
        cli.run("organs", "add", "--config", config, "--code", "a b", "--name", "x");
    assertEquals(2, badCode.code(), badCode::toString);
    assertTrue(badCode.err().contains("--code"), badCode::toString);

    CliRun.Result notHex = cli.run("certs", "revoke", "--config", config, "abc");
    assertEquals(2, notHex.code(), notHex::toString);
    CliRun.Result unknown = cli.run("certs", "revoke", "--config", config, "ab".repeat(32));
    assertEquals(1, unknown.code(), unknown::toString);
    assertTrue(unknown.err().contains("certs list"), unknown::toString);

    ok("organs", "add", "--config", config, "--code", B, "--name", "B");
    Path expired = c.dir.resolve("expired.pem");
    Pem.writeCertificate(expired, c.pki.expired(B).certificate());
    CliRun.Result old =
        cli.run("certs", "add", "--config", config, "--organ", B, expired.toString());
    assertEquals(1, old.code(), old::toString);
    assertTrue(old.err().contains("expired"), old::toString);

    Path untrusted = c.dir.resolve("untrusted.pem");
    Pem.writeCertificate(untrusted, c.pki.untrusted(B).certificate());
    CliRun.Result warned =
        ok("certs", "add", "--config", config, "--organ", B, untrusted.toString());
    assertTrue(warned.out().contains("warning: no CA in trust.ca"), warned::toString);

    CliRun.Result missingConfig =
        cli.run("organs", "list", "--config", c.dir.resolve("nope").toString());
    assertEquals(2, missingConfig.code(), missingConfig::toString);
  }

  @Test
  void whileTheNodeRunsTheCommandsRefuseWithExitCode3() throws Exception {
    ConfigFolder c = new ConfigFolder("dir-busy");
    String config = c.write().toString();
    try (ChildNode running = ChildNode.start(c.dir.resolve("node.properties"))) {
      CliRun.Result r = cli.run("organs", "list", "--config", config);
      assertEquals(3, r.code(), r::toString);
      assertTrue(r.err().contains("stop the node"), r::toString);
      assertTrue(r.err().contains("directory.file"), r::toString);
    }
    assertEquals(0, cli.run("organs", "list", "--config", config).code(), "works once stopped");
  }

  private CliRun.Result ok(String... args) {
    CliRun.Result r = cli.run(args);
    assertEquals(0, r.code(), () -> String.join(" ", args) + "\n" + r);
    return r;
  }
}

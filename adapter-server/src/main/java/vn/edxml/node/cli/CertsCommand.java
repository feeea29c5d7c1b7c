package vn.edxml.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vn.edxml.node.directory.Directory;
import vn.edxml.node.store.CertificateRecord;
import vn.edxml.node.store.OrganRecord;
import vn.edxml.node.store.StoreException;
import vn.edxml.pki.Pem;

/** {@code certs add|list|revoke}: the organs' certificates in the node's store. */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the certificates registered for organs: a request is accepted only when signed"
          + " with a valid, unrevoked certificate registered for its sending organ.",
      "With the default embedded H2 store, stop the node first (the command refuses with exit 3"
          + " while the node runs)."
    },
    subcommands = {CertsCommand.Add.class, CertsCommand.ListCerts.class, CertsCommand.Revoke.class})
final class CertsCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "give a subcommand: add, list or revoke");
  }

  /** {@code certs add --organ CODE FILE.pem}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Register the end-entity certificates of a PEM file for an organ already in the"
              + " directory (CA certificates in the file are skipped).")
  static final class Add implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private ConfigOption config;

    @Option(names = "--organ", required = true, paramLabel = "CODE", description = "Organ code.")
    private String organ;

    @Parameters(paramLabel = "FILE.pem", description = "PEM certificate file.")
    private Path file;

    @Override
    public Integer call() {
      List<X509Certificate> certificates;
      try {
        certificates = Pem.readCertificates(file);
      } catch (IOException e) {
        throw new CliFailure(
            ExitCodes.CONFIG, "FILE.pem: " + e.getMessage() + " — give a PEM certificate file");
      }
      List<X509Certificate> leaves = new ArrayList<>();
      for (X509Certificate c : certificates) {
        if (c.getBasicConstraints() < 0) {
          leaves.add(c);
        }
      }
      if (leaves.isEmpty()) {
        throw new CliFailure(
            ExitCodes.CONFIG,
            "FILE.pem: "
                + file
                + " holds no end-entity certificate — give the organ's own"
                + " certificate, not only its CA");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (StoreAccess access = StoreAccess.open(NodeCli.root(spec).context(), config.file)) {
        Instant now = NodeCli.root(spec).context().clock().instant();
        for (X509Certificate c : leaves) {
          if (c.getNotAfter().toInstant().isBefore(now)) {
            throw new CliFailure(
                ExitCodes.FAILED,
                "certificate "
                    + c.getSubjectX500Principal().getName()
                    + " expired on "
                    + c.getNotAfter().toInstant()
                    + " — ask the organ for its current certificate");
          }
          CertificateRecord record;
          try {
            record = access.directory().registerCertificate(organ, c);
          } catch (StoreException e) {
            throw new CliFailure(ExitCodes.FAILED, refusal(e, organ));
          }
          out.printf(
              "certificate %s registered for %s (%s, valid until %s)%n",
              record.fingerprint(), organ, record.subject(), record.notAfter());
          if (!issuedByTrustedCa(c, access)) {
            out.println(
                "warning: no CA in trust.ca issued this certificate: the node will refuse its"
                    + " signatures until its CA is added to trust.ca");
          }
        }
        return ExitCodes.OK;
      }
    }

    private static String refusal(StoreException e, String organ) {
      return switch (e.reason()) {
        case NOT_FOUND ->
            "--organ: " + organ + " is not in the directory — add it first with `organs add`";
        case CONFLICT ->
            "this certificate is already registered for another organ — one certificate"
                + " belongs to one organ";
        default -> e.getMessage();
      };
    }

    private static boolean issuedByTrustedCa(X509Certificate c, StoreAccess access) {
      for (Path p : access.config().trustedCas()) {
        try {
          for (X509Certificate ca : Pem.readCertificates(p)) {
            if (ca.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
              try {
                c.verify(ca.getPublicKey());
                return true;
              } catch (java.security.GeneralSecurityException e) {
                // same name, other key: keep looking
              }
            }
          }
        } catch (IOException e) {
          return false;
        }
      }
      return false;
    }
  }

  /** {@code certs list [--organ CODE]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List registered certificates with their SHA-256 fingerprints.")
  static final class ListCerts implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private ConfigOption config;

    @Option(names = "--organ", paramLabel = "CODE", description = "Only this organ's.")
    private String organ;

    @Override
    public Integer call() {
      try (StoreAccess access = StoreAccess.open(NodeCli.root(spec).context(), config.file)) {
        List<String> organs = new ArrayList<>();
        if (organ != null) {
          organs.add(organ);
        } else {
          access.store().organs(null, null, 100_000).stream()
              .map(OrganRecord::code)
              .forEach(organs::add);
        }
        Instant now = NodeCli.root(spec).context().clock().instant();
        Table table =
            new Table("organ", "fingerprint (SHA-256)", "subject", "valid until", "state");
        int n = 0;
        for (String code : organs) {
          for (CertificateRecord c : access.store().certificates(code)) {
            String state =
                c.revoked()
                    ? "revoked " + c.revokedAt()
                    : c.notAfter().isBefore(now) ? "expired" : "valid";
            table.row(c.organCode(), c.fingerprint(), c.subject(), c.notAfter().toString(), state);
            n++;
          }
        }
        PrintWriter out = spec.commandLine().getOut();
        table.print(out);
        out.printf("%d certificate%s.%n", n, n == 1 ? "" : "s");
        return ExitCodes.OK;
      }
    }
  }

  /** {@code certs revoke FINGERPRINT}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "Revoke a registered certificate: from now on the node refuses requests signed with it.")
  static final class Revoke implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private ConfigOption config;

    @Parameters(
        paramLabel = "FINGERPRINT",
        description = "SHA-256 fingerprint as `certs list` shows it (colons and case ignored).")
    private String fingerprint;

    @Override
    public Integer call() {
      String hex = fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new CliFailure(
            ExitCodes.CONFIG,
            "FINGERPRINT: '"
                + fingerprint
                + "' is not a SHA-256 fingerprint — copy it from"
                + " `certs list` (64 hexadecimal digits)");
      }
      try (StoreAccess access = StoreAccess.open(NodeCli.root(spec).context(), config.file)) {
        Directory directory = access.directory();
        var existing = access.store().certificate(hex);
        if (existing.isEmpty()) {
          throw new CliFailure(
              ExitCodes.FAILED,
              "no certificate with fingerprint "
                  + hex
                  + " — `certs list` shows the registered ones");
        }
        if (existing.get().revoked()) {
          spec.commandLine()
              .getOut()
              .printf(
                  "certificate %s of %s was already revoked at %s%n",
                  hex, existing.get().organCode(), existing.get().revokedAt());
          return ExitCodes.OK;
        }
        Instant now = NodeCli.root(spec).context().clock().instant();
        directory.revokeCertificate(hex, now);
        spec.commandLine()
            .getOut()
            .printf("certificate %s of %s revoked at %s%n", hex, existing.get().organCode(), now);
        return ExitCodes.OK;
      }
    }
  }
}

package vn.edxml.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.edxml.client.internal.Json;
import vn.edxml.client.internal.PackageFolder;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;

/**
 * {@code edxml keys generate}: a new key pair in a PKCS#12 file and a PKCS#10 certificate signing
 * request for the CA. Until {@code keys import}, the key carries a self-signed placeholder
 * certificate (PKCS#12 needs one), which no node accepts.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Make a new signing key (RSA-2048, or EC P-256 with --ec) for an organ: DIR/CODE.p12 and"
          + " a certificate signing request DIR/CODE.csr.pem (subject CN=CODE, O=NAME, C=VN) to"
          + " give to the CA. The key store password is $"
          + ConnectionOptions.PASSWORD_ENV
          + ", --password, or a new random one written to DIR/CODE.password."
    },
    exitCodeOnExecutionException = ExitCode.USAGE,
    exitCodeOnInvalidInput = ExitCode.USAGE,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "2:usage or file error (nothing was overwritten)"})
final class KeysGenerateCommand implements Callable<Integer> {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Spec CommandSpec spec;

  @Mixin OutputOptions outputOptions;

  @Option(names = "--organ", required = true, paramLabel = "CODE", description = "Organ code.")
  String organ;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The organ's name, for O= (default: the code).")
  String name;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--ec", description = "An EC P-256 key instead of RSA-2048.")
  boolean ec;

  @Option(names = "--password", paramLabel = "PW", description = "Key store password.")
  String password;

  @Option(
      names = "--alias",
      paramLabel = "ALIAS",
      defaultValue = "organ",
      description = "Key alias (default ${DEFAULT-VALUE}, as keystore.alias expects).")
  String alias;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    Output o = outputOptions.open(spec);
    try {
      return generate(o);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return o.error(e);
    } finally {
      o.flush();
    }
  }

  private int generate(Output o) throws IOException {
    String code = organ.strip();
    if (code.isEmpty()) {
      return o.error("--organ is blank — give the organ code, e.g. 000.00.01.H99");
    }
    String base = PackageFolder.safeFolderName(code);
    Files.createDirectories(out);
    Path p12 = out.resolve(base + ".p12");
    Path csrFile = out.resolve(base + ".csr.pem");
    Path passwordFile = out.resolve(base + ".password");
    String pw = password != null ? password : env.get(ConnectionOptions.PASSWORD_ENV);
    boolean generated = pw == null || pw.isEmpty();
    for (Path p : generated ? List.of(p12, csrFile, passwordFile) : List.of(p12, csrFile)) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(
            p.toString(), null, "already exists — keep your key: choose another --out folder");
      }
    }
    if (generated) {
      byte[] bytes = new byte[18];
      RANDOM.nextBytes(bytes);
      pw = passwordFrom(bytes);
    }
    KeyKind kind = ec ? KeyKind.EC_P256 : KeyKind.RSA_2048;
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "VN")
            .addRDN(BCStyle.O, name == null || name.isBlank() ? code : name.strip())
            .addRDN(BCStyle.CN, code)
            .build();
    KeyPair keys = CertificateAuthority.generateKeyPair(kind);
    String csrPem;
    X509Certificate placeholder;
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder(kind.certificateSignature()).build(keys.getPrivate());
      PKCS10CertificationRequest csr =
          new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic()).build(signer);
      StringWriter w = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(csr);
      }
      csrPem = w.toString();
      Instant now = Instant.now();
      placeholder =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          subject,
                          new BigInteger(127, RANDOM).add(BigInteger.ONE),
                          Date.from(now.minus(Duration.ofMinutes(5))),
                          Date.from(now.plus(Duration.ofDays(365))),
                          subject,
                          keys.getPublic())
                      .build(signer));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IOException("cannot make the certificate signing request: " + e.getMessage(), e);
    }
    new Credential(keys.getPrivate(), List.of(placeholder))
        .writePkcs12(p12, alias, pw.toCharArray());
    Files.writeString(csrFile, csrPem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
    if (generated) {
      createOwnerOnly(passwordFile);
      Files.writeString(passwordFile, pw + "\n", StandardCharsets.US_ASCII);
    }
    o.json(
        Json.object()
            .put("outcome", "done")
            .put("organ", code)
            .put("keyType", ec ? "EC P-256" : "RSA-2048")
            .put("subject", subject.toString())
            .put("keystore", p12.toString())
            .put("alias", alias)
            .put("csr", csrFile.toString())
            .put("passwordFile", generated ? passwordFile.toString() : null));
    o.text(
        o.t("new ", "khoá mới ")
            + (ec ? "EC P-256" : "RSA-2048")
            + o.t(" key for ", " cho ")
            + subject);
    o.text(o.t("  key store    ", "  kho khoá     ") + p12 + " (alias " + alias + ")");
    o.text(o.t("  request      ", "  yêu cầu      ") + csrFile);
    if (generated) {
      o.text(o.t("  password     ", "  mật khẩu     ") + passwordFile);
    }
    o.text(
        o.t(
            "Next: give "
                + csrFile.getFileName()
                + " to the CA; then `edxml keys import --keystore "
                + p12
                + " --cert SIGNED.pem`.",
            "Tiếp theo: gửi "
                + csrFile.getFileName()
                + " cho CA; sau đó `edxml keys import --keystore "
                + p12
                + " --cert SIGNED.pem`."));
    return ExitCode.DONE;
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(
          file,
          PosixFilePermissions.asFileAttribute(
              EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's permissions apply.
      Files.createFile(file);
    }
  }

  /**
   * A password from random bytes, in the URL-safe base64 alphabet, that never starts with '-': the
   * user passes it as {@code --password PW}, and a leading '-' would be read as an option (one
   * generated password in 64 did). The first character's value 62 ('-') becomes 30 ('e').
   */
  static String passwordFrom(byte[] random) {
    byte[] bytes = random.clone();
    if ((bytes[0] & 0xff) >>> 2 == 62) {
      bytes[0] ^= (byte) 0x80;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

package vn.edxml.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.edxml.client.internal.Json;
import vn.edxml.pki.Pem;

/**
 * {@code edxml keys import}: puts the certificate the CA signed (and its chain) on the key entry
 * made by {@code keys generate}, after checking that it certifies that very key and that the chain
 * links up.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Put the CA-signed certificate on the key made by `keys generate`. The certificate must be"
          + " for that key (same public key), currently valid, and each certificate in the chain"
          + " must be signed by the next. Give the CA certificate with --ca when SIGNED.pem holds"
          + " only the organ's certificate."
    },
    exitCodeOnExecutionException = ExitCode.USAGE,
    exitCodeOnInvalidInput = ExitCode.USAGE,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "2:usage, file or certificate problem (the key store is unchanged)"})
final class KeysImportCommand implements Callable<Integer> {

  private static final int MAX_CHAIN = 10;

  @Spec CommandSpec spec;

  @Mixin OutputOptions outputOptions;

  @Option(names = "--keystore", required = true, paramLabel = "P12", description = "Key store.")
  Path keystore;

  @Option(
      names = "--cert",
      required = true,
      paramLabel = "SIGNED.pem",
      description = "The certificate the CA issued (may include the chain).")
  Path cert;

  @Option(names = "--ca", paramLabel = "CA.pem", description = "The CA certificate(s).")
  List<Path> ca;

  @Option(
      names = "--password",
      paramLabel = "PW",
      description = "Key store password (default: $" + ConnectionOptions.PASSWORD_ENV + ").")
  String password;

  @Option(
      names = "--alias",
      paramLabel = "ALIAS",
      description = "Key alias (default: the key store's only key).")
  String alias;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    Output o = outputOptions.open(spec);
    try {
      return importCertificate(o);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return o.error(e);
    } catch (GeneralSecurityException e) {
      return o.error("cannot use " + keystore + ": " + e.getMessage());
    } finally {
      o.flush();
    }
  }

  private int importCertificate(Output o) throws IOException, GeneralSecurityException {
    String pw = password != null ? password : env.get(ConnectionOptions.PASSWORD_ENV);
    if (pw == null) {
      Path beside =
          keystore.resolveSibling(
              keystore.getFileName().toString().replaceFirst("\\.p12$", "") + ".password");
      if (Files.isRegularFile(beside)) {
        pw = Files.readString(beside).strip();
      } else {
        return o.error(
            "no key store password: give --password or set $" + ConnectionOptions.PASSWORD_ENV);
      }
    }
    char[] secret = pw.toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, secret);
    } catch (IOException e) {
      if (e instanceof java.nio.file.NoSuchFileException) {
        throw e;
      }
      return o.error("cannot open " + keystore + " (wrong password?) — check --password");
    }
    String entry = alias != null ? alias : onlyKey(store);
    if (entry == null) {
      return o.error(keystore + " holds several keys or none — name one with --alias");
    }
    Key key = store.getKey(entry, secret);
    if (!(key instanceof PrivateKey privateKey)) {
      return o.error("no private key '" + entry + "' in " + keystore + " — check --alias");
    }
    PublicKey publicKey = store.getCertificate(entry).getPublicKey();

    List<X509Certificate> offered = new ArrayList<>(Pem.readCertificates(cert));
    if (ca != null) {
      for (Path p : ca) {
        offered.addAll(Pem.readCertificates(p));
      }
    }
    X509Certificate leaf =
        offered.stream().filter(c -> c.getPublicKey().equals(publicKey)).findFirst().orElse(null);
    if (leaf == null) {
      return o.error(
          cert
              + " is not a certificate for the key in "
              + keystore
              + " (the public keys differ) — import the certificate the CA issued for this key's"
              + " request (.csr.pem)");
    }
    List<X509Certificate> chain = chain(leaf, offered);
    for (int i = 0; i + 1 < chain.size(); i++) {
      try {
        chain.get(i).verify(chain.get(i + 1).getPublicKey());
      } catch (GeneralSecurityException e) {
        return o.error(
            "the chain is broken: "
                + chain.get(i).getSubjectX500Principal()
                + " is not signed by "
                + chain.get(i + 1).getSubjectX500Principal()
                + " — give the right CA certificate with --ca");
      }
    }
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      return o.error(
          "the certificate is not valid now (from "
              + leaf.getNotBefore().toInstant()
              + " to "
              + leaf.getNotAfter().toInstant()
              + ") — ask the CA for a current one");
    }
    store.setKeyEntry(entry, privateKey, secret, chain.toArray(new X509Certificate[0]));
    Path tmp = keystore.resolveSibling(keystore.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      store.store(out, secret);
    }
    Files.move(tmp, keystore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    String fingerprint =
        HexFormat.ofDelimiter(":")
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
    o.json(
        Json.object()
            .put("outcome", "done")
            .put("keystore", keystore.toString())
            .put("alias", entry)
            .put("subject", leaf.getSubjectX500Principal().getName())
            .put("issuer", leaf.getIssuerX500Principal().getName())
            .put("notAfter", leaf.getNotAfter().toInstant())
            .put("chainLength", chain.size())
            .put("sha256", fingerprint));
    o.text(o.t("imported into ", "đã nhập vào ") + keystore + " (alias " + entry + ")");
    o.text(o.t("  subject      ", "  chủ thể      ") + leaf.getSubjectX500Principal().getName());
    o.text(o.t("  issuer       ", "  cấp bởi      ") + leaf.getIssuerX500Principal().getName());
    o.text(o.t("  valid until  ", "  hiệu lực đến ") + leaf.getNotAfter().toInstant());
    o.text(o.t("  chain        ", "  chuỗi        ") + chain.size());
    o.text("  sha256       " + fingerprint);
    o.text(
        o.t(
            "Next: the node's operator registers "
                + cert
                + " for your organ"
                + " (edxml-node certs add --organ CODE "
                + cert.getFileName()
                + ").",
            "Tiếp theo: đơn vị vận hành nút đăng ký "
                + cert
                + " cho cơ quan của bạn"
                + " (edxml-node certs add --organ CODE "
                + cert.getFileName()
                + ")."));
    return ExitCode.DONE;
  }

  private static String onlyKey(KeyStore store) throws GeneralSecurityException {
    String found = null;
    for (String a : Collections.list(store.aliases())) {
      if (store.isKeyEntry(a)) {
        if (found != null) {
          return null;
        }
        found = a;
      }
    }
    return found;
  }

  /** Leaf first, then each issuer found among the offered certificates. */
  private static List<X509Certificate> chain(X509Certificate leaf, List<X509Certificate> offered) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    X509Certificate current = leaf;
    for (int i = 0; i < MAX_CHAIN; i++) {
      if (current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
        break;
      }
      X509Certificate issuer = null;
      for (X509Certificate c : offered) {
        if (!chain.contains(c)
            && c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
          issuer = c;
          break;
        }
      }
      if (issuer == null) {
        break;
      }
      chain.add(issuer);
      current = issuer;
    }
    return chain;
  }
}

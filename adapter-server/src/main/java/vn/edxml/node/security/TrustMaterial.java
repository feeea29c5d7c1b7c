package vn.edxml.node.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.wss4j.common.crypto.Merlin;
import vn.edxml.client.internal.Wss4jCrypto;
import vn.edxml.node.config.ConfigException;
import vn.edxml.node.config.NodeConfig;
import vn.edxml.pki.Pem;

/**
 * The node's key material, loaded and checked at start-up: its signing key and certificate, the
 * trusted CAs, and the CRLs. Every problem is a {@link ConfigException} naming the key and the fix.
 */
public final class TrustMaterial {

  private final KeyStore keyStore;
  private final X509Certificate nodeCertificate;
  private final List<X509Certificate> trustedCas;
  private final List<X509CRL> crls;
  private final Merlin crypto;

  private TrustMaterial(
      KeyStore keyStore,
      X509Certificate nodeCertificate,
      List<X509Certificate> trustedCas,
      List<X509CRL> crls,
      Merlin crypto) {
    this.keyStore = keyStore;
    this.nodeCertificate = nodeCertificate;
    this.trustedCas = List.copyOf(trustedCas);
    this.crls = List.copyOf(crls);
    this.crypto = crypto;
  }

  /** Loads and checks everything; warnings (e.g. a certificate expiring soon) go to the log. */
  public static TrustMaterial load(NodeConfig config, Clock clock) {
    KeyStore keyStore;
    try (InputStream in = Files.newInputStream(config.keystore())) {
      keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, config.keystorePassword());
    } catch (IOException | GeneralSecurityException e) {
      if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
        throw new ConfigException(
            "keystore.password",
            "is not the password of " + config.keystore(),
            "give the key store's password in keystore.password (or EDXML_KEYSTORE_PASSWORD)",
            e);
      }
      throw new ConfigException(
          "keystore.path",
          "cannot open " + config.keystore() + " (" + e.getMessage() + ")",
          "give a PKCS#12 file and its password in keystore.password",
          e);
    }
    X509Certificate certificate;
    try {
      if (!keyStore.isKeyEntry(config.keyAlias())) {
        throw new ConfigException(
            "keystore.alias",
            "no key named '" + config.keyAlias() + "' in " + config.keystore(),
            "use one of: " + aliases(keyStore));
      }
      PrivateKey key = (PrivateKey) keyStore.getKey(config.keyAlias(), config.keyPassword());
      if (key == null) {
        throw new ConfigException("keystore.alias", "entry has no private key", "import the key");
      }
      certificate = (X509Certificate) keyStore.getCertificate(config.keyAlias());
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "key.password",
          "cannot read the signing key: " + e.getMessage(),
          "check key.password",
          e);
    }
    Instant now = clock.instant();
    if (certificate.getNotAfter().toInstant().isBefore(now)) {
      throw new ConfigException(
          "keystore.path",
          "the node certificate expired on " + certificate.getNotAfter().toInstant(),
          "renew the node certificate");
    }
    if (certificate.getNotBefore().toInstant().isAfter(now)) {
      throw new ConfigException(
          "keystore.path",
          "the node certificate is valid only from " + certificate.getNotBefore().toInstant(),
          "check the machine clock or the certificate");
    }
    KeyPolicy.requireStrongKey(certificate)
        .ifPresent(
            problem -> {
              throw new ConfigException("keystore.path", problem, "use RSA-2048+ or EC P-256");
            });
    List<X509Certificate> cas = new ArrayList<>();
    for (Path p : config.trustedCas()) {
      try {
        cas.addAll(Pem.readCertificates(p));
      } catch (IOException e) {
        throw new ConfigException(
            "trust.ca", e.getMessage(), "give PEM files of CA certificates", e);
      }
    }
    List<X509CRL> crls = new ArrayList<>();
    for (Path p : config.crls()) {
      crls.addAll(readCrls(p, now));
    }
    Merlin crypto = Wss4jCrypto.create(keyStore, cas);
    if (!crls.isEmpty()) {
      try {
        Collection<Object> items = new ArrayList<>(crls);
        crypto.setCRLCertStore(
            CertStore.getInstance("Collection", new CollectionCertStoreParameters(items)));
      } catch (GeneralSecurityException e) {
        throw new ConfigException("trust.crl", "cannot use the CRLs: " + e.getMessage(), null, e);
      }
    }
    return new TrustMaterial(keyStore, certificate, cas, crls, crypto);
  }

  /** How long until the node certificate expires (for a start-up warning and metrics). */
  public Duration nodeCertificateRemaining(Clock clock) {
    return Duration.between(clock.instant(), nodeCertificate.getNotAfter().toInstant());
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  public X509Certificate nodeCertificate() {
    return nodeCertificate;
  }

  public List<X509Certificate> trustedCas() {
    return trustedCas;
  }

  public boolean checksRevocation() {
    return !crls.isEmpty();
  }

  public Merlin crypto() {
    return crypto;
  }

  private static List<X509CRL> readCrls(Path p, Instant now) {
    try (InputStream in = Files.newInputStream(p)) {
      List<X509CRL> result = new ArrayList<>();
      for (java.security.cert.CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
        X509CRL x = (X509CRL) crl;
        if (x.getNextUpdate() != null && x.getNextUpdate().toInstant().isBefore(now)) {
          throw new ConfigException(
              "trust.crl",
              p + " is stale (next update was " + x.getNextUpdate().toInstant() + ")",
              "download a current CRL from the CA");
        }
        result.add(x);
      }
      if (result.isEmpty()) {
        throw new ConfigException("trust.crl", "no CRL in " + p, "give PEM or DER CRL files");
      }
      return result;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("trust.crl", "cannot read " + p + ": " + e.getMessage(), null, e);
    }
  }

  private static String aliases(KeyStore keyStore) {
    try {
      return String.join(", ", java.util.Collections.list(keyStore.aliases()));
    } catch (GeneralSecurityException e) {
      return "(none)";
    }
  }
}

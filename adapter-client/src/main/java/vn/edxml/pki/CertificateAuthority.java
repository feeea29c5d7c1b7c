package vn.edxml.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for demo and test PKIs: it creates a self-signed CA and issues
 * end-entity certificates for organs and nodes. Production deployments use certificates from the
 * sector CA; nothing in the node trusts a certificate because this class made it.
 */
public final class CertificateAuthority {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Credential credential;

  private CertificateAuthority(Credential credential) {
    this.credential = credential;
  }

  /** Wraps an existing CA key and certificate. */
  public static CertificateAuthority of(Credential credential) {
    return new CertificateAuthority(credential);
  }

  /** Creates a new self-signed CA valid from {@code notBefore} for {@code validity}. */
  public static CertificateAuthority create(
      String distinguishedName, KeyKind kind, Instant notBefore, Duration validity) {
    KeyPair keys = generateKeyPair(kind);
    X500Principal subject = new X500Principal(distinguishedName);
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(notBefore),
              Date.from(notBefore.plus(validity)),
              subject,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate cert = sign(builder, keys, kind);
      return new CertificateAuthority(new Credential(keys.getPrivate(), List.of(cert)));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot create CA certificate", e);
    }
  }

  public Credential credential() {
    return credential;
  }

  public X509Certificate certificate() {
    return credential.certificate();
  }

  /** Issues an end-entity signing certificate for a new key pair of the given kind. */
  public Credential issue(
      String distinguishedName, KeyKind kind, Instant notBefore, Instant notAfter) {
    KeyPair keys = generateKeyPair(kind);
    X509Certificate cert =
        issueFor(keys.getPublic(), distinguishedName, notBefore, notAfter, kindOf(certificate()));
    return new Credential(keys.getPrivate(), List.of(cert, certificate()));
  }

  /**
   * Issues an end-entity certificate for a public key (e.g. from a certificate signing request).
   */
  public X509Certificate issueFor(
      PublicKey publicKey,
      String distinguishedName,
      Instant notBefore,
      Instant notAfter,
      KeyKind caKind) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              certificate(),
              serial(),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Principal(distinguishedName),
              publicKey);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate()));
      return sign(
          builder, new KeyPair(certificate().getPublicKey(), credential.privateKey()), caKind);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue certificate for " + distinguishedName, e);
    }
  }

  /** The key kind of a CA certificate's key, for choosing the signature algorithm. */
  public static KeyKind kindOf(X509Certificate certificate) {
    String algorithm = certificate.getPublicKey().getAlgorithm();
    return "EC".equals(algorithm) ? KeyKind.EC_P256 : KeyKind.RSA_2048;
  }

  public static KeyPair generateKeyPair(KeyKind kind) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(kind.algorithm());
      if ("EC".equals(kind.algorithm())) {
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      } else {
        generator.initialize(kind.bits(), RANDOM);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + kind + " key pair", e);
    }
  }

  private static X509Certificate sign(
      X509v3CertificateBuilder builder, KeyPair signer, KeyKind kind)
      throws GeneralSecurityException {
    try {
      ContentSigner contentSigner =
          new JcaContentSignerBuilder(kind.certificateSignature()).build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign certificate", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }
}

package vn.edxml.node.security;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/** Which signing keys are strong enough: RSA of 2048 bits or more, EC of 256 bits or more. */
public final class KeyPolicy {

  public static final int MIN_RSA_BITS = 2048;
  public static final int MIN_EC_BITS = 256;

  private KeyPolicy() {}

  /** Empty when the certificate's key is acceptable; else what is wrong with it. */
  public static Optional<String> requireStrongKey(X509Certificate certificate) {
    PublicKey key = certificate.getPublicKey();
    if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      return bits >= MIN_RSA_BITS
          ? Optional.empty()
          : Optional.of("RSA key of " + bits + " bits; at least " + MIN_RSA_BITS + " required");
    }
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getOrder().bitLength();
      return bits >= MIN_EC_BITS
          ? Optional.empty()
          : Optional.of("EC key of " + bits + " bits; at least " + MIN_EC_BITS + " required");
    }
    return Optional.of(key.getAlgorithm() + " keys are not accepted; use RSA or EC");
  }
}

package vn.edxml.pki;

/** Key types this project issues and accepts for signing: RSA of at least 2048 bits or EC P-256. */
public enum KeyKind {
  RSA_2048("RSA", 2048, "SHA256withRSA"),
  RSA_3072("RSA", 3072, "SHA256withRSA"),
  EC_P256("EC", 256, "SHA256withECDSA");

  private final String algorithm;
  private final int bits;
  private final String certificateSignature;

  KeyKind(String algorithm, int bits, String certificateSignature) {
    this.algorithm = algorithm;
    this.bits = bits;
    this.certificateSignature = certificateSignature;
  }

  public String algorithm() {
    return algorithm;
  }

  public int bits() {
    return bits;
  }

  /** The JCA signature algorithm used when a key of this kind signs a certificate or CSR. */
  public String certificateSignature() {
    return certificateSignature;
  }
}

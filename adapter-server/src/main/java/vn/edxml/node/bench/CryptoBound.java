package vn.edxml.node.bench;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import vn.edxml.pki.Credential;

/**
 * How many signatures and verifications per second this JVM does with the run's key, measured in
 * the run itself (one thread each, after a short warm-up), and the bound it puts on a signed round
 * trip: every round trip costs two signatures (the client's request, the node's answer) and two
 * verifications, so with {@code cores} cores doing nothing else the bound is {@code cores / (2 /
 * signsPerSecond + 2 / verifiesPerSecond)}.
 */
public record CryptoBound(
    String algorithm, double signsPerSecond, double verifiesPerSecond, int cores) {

  /** Round trips per second if signing and verifying were all the work there is. */
  public double roundTripsPerSecond() {
    return cores / (2 / signsPerSecond + 2 / verifiesPerSecond);
  }

  /**
   * @param key the key kind of the run (its algorithm decides the signature method)
   * @param each measuring time of each of the two operations (the warm-up is a third of it)
   */
  public static CryptoBound measure(Credential key, Duration each) {
    try {
      String algorithm =
          "EC".equals(key.certificate().getPublicKey().getAlgorithm())
              ? "SHA256withECDSA"
              : "SHA256withRSA";
      // What is signed: the SignedInfo of a WS-Security signature is about 1 KB.
      byte[] signedInfo = new byte[1024];
      new java.util.Random(7).nextBytes(signedInfo);
      byte[] signature = sign(algorithm, key.privateKey(), signedInfo);
      rate(() -> sign(algorithm, key.privateKey(), signedInfo), each.dividedBy(3));
      double signs = rate(() -> sign(algorithm, key.privateKey(), signedInfo), each);
      PublicKey pub = key.certificate().getPublicKey();
      rate(() -> verify(algorithm, pub, signedInfo, signature), each.dividedBy(3));
      double verifies = rate(() -> verify(algorithm, pub, signedInfo, signature), each);
      return new CryptoBound(
          algorithm, signs, verifies, Runtime.getRuntime().availableProcessors());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot measure " + key + ": " + e, e);
    }
  }

  private interface Op {
    Object run() throws java.security.GeneralSecurityException;
  }

  private static double rate(Op op, Duration time) throws java.security.GeneralSecurityException {
    long end = System.nanoTime() + time.toNanos();
    long start = System.nanoTime();
    long n = 0;
    Object sink = null;
    // bounded by time, and by count in case the clock misbehaves
    while (System.nanoTime() < end && n < 100_000_000L) {
      sink = op.run();
      n++;
    }
    if (sink == null) {
      throw new IllegalStateException("no operation ran");
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static byte[] sign(String algorithm, PrivateKey key, byte[] data)
      throws java.security.GeneralSecurityException {
    Signature s = Signature.getInstance(algorithm);
    s.initSign(key);
    s.update(data);
    return s.sign();
  }

  private static Boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature)
      throws java.security.GeneralSecurityException {
    Signature s = Signature.getInstance(algorithm);
    s.initVerify(key);
    s.update(data);
    if (!s.verify(signature)) {
      throw new IllegalStateException("the measured signature does not verify");
    }
    return Boolean.TRUE;
  }
}

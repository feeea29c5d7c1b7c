package vn.edxml.client.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;

/**
 * A WSS4J {@link Merlin} that remembers, for a short while, certificate chains it has already
 * validated (PKIX path to a configured CA), so that a partner sending many messages is not
 * path-validated again for each one. Nothing is weakened:
 *
 * <ul>
 *   <li>only successful validations are remembered, keyed by the SHA-256 of every certificate of
 *       the chain (their exact bytes) and the subject and issuer constraints asked for;
 *   <li>an entry lives at most {@link #LIFETIME}, and never past the earliest {@code notAfter} of
 *       its chain, so an expired certificate is refused exactly as without the cache;
 *   <li>nothing is remembered when revocation checking is on (a new CRL must take effect at once);
 *       revocation through the node's directory is checked per message elsewhere, not here;
 *   <li>the cache is bounded ({@link #MAX_ENTRIES}); when full it is emptied, never grown.
 * </ul>
 */
final class CachingMerlin extends Merlin {

  static final Duration LIFETIME = Duration.ofMinutes(5);
  static final int MAX_ENTRIES = 10_000;

  private final Map<String, Long> validUntilMillis = new ConcurrentHashMap<>();

  CachingMerlin(java.util.Properties properties, ClassLoader loader)
      throws WSSecurityException, java.io.IOException {
    super(properties, loader, null);
  }

  @Override
  public void verifyTrust(
      X509Certificate[] certs,
      boolean enableRevocation,
      Collection<Pattern> subjectCertConstraints,
      Collection<Pattern> issuerCertConstraints)
      throws WSSecurityException {
    String key =
        enableRevocation || certs == null || certs.length == 0
            ? null
            : key(certs, subjectCertConstraints, issuerCertConstraints);
    long now = System.currentTimeMillis();
    if (key != null) {
      Long until = validUntilMillis.get(key);
      if (until != null && now < until) {
        return;
      }
    }
    super.verifyTrust(certs, enableRevocation, subjectCertConstraints, issuerCertConstraints);
    if (key != null) {
      long until = now + LIFETIME.toMillis();
      for (X509Certificate c : certs) {
        until = Math.min(until, c.getNotAfter().getTime());
      }
      if (validUntilMillis.size() >= MAX_ENTRIES) {
        validUntilMillis.clear();
      }
      validUntilMillis.put(key, until);
    }
  }

  private static String key(
      X509Certificate[] certs, Collection<Pattern> subjects, Collection<Pattern> issuers) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (X509Certificate c : certs) {
        sha.update(c.getEncoded());
        sha.update((byte) 0);
      }
      StringBuilder k = new StringBuilder(HexFormat.of().formatHex(sha.digest()));
      for (Collection<Pattern> patterns :
          java.util.List.of(nullToEmpty(subjects), nullToEmpty(issuers))) {
        k.append('|');
        for (Pattern p : patterns) {
          k.append(p.pattern().length()).append(':').append(p.pattern());
        }
      }
      return k.toString();
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      return null; // not cacheable: validate every time
    }
  }

  private static Collection<Pattern> nullToEmpty(Collection<Pattern> c) {
    return c == null ? java.util.List.of() : c;
  }
}

package vn.edxml.client.internal;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Properties;
import org.apache.wss4j.common.crypto.Merlin;

/**
 * Builds WSS4J crypto objects from in-memory key material. The trust store holds only the
 * configured CA certificates: the JDK's public CAs ({@code cacerts}) are never trusted. Chains that
 * passed validation are remembered briefly ({@link CachingMerlin}).
 */
public final class Wss4jCrypto {

  private Wss4jCrypto() {}

  /**
   * @param keyStore holds this party's signing key (may be null for a verify-only crypto)
   * @param trustAnchors CA certificates whose end-entity certificates are accepted
   */
  public static Merlin create(KeyStore keyStore, Collection<X509Certificate> trustAnchors) {
    try {
      Properties properties = new Properties();
      properties.setProperty("org.apache.wss4j.crypto.merlin.load.cacerts", "false");
      Merlin merlin = new CachingMerlin(properties, Wss4jCrypto.class.getClassLoader());
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (X509Certificate anchor : trustAnchors) {
        trust.setCertificateEntry("trust-" + i++, anchor);
      }
      merlin.setTrustStore(trust);
      if (keyStore != null) {
        merlin.setKeyStore(keyStore);
      }
      return merlin;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the WS-Security crypto", e);
    }
  }
}

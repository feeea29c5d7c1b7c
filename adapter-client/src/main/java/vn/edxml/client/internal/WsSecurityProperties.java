package vn.edxml.client.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.apache.cxf.rt.security.SecurityConstants;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.ext.WSPasswordCallback;

/**
 * The one place where this project's typed security settings become CXF / WSS4J property keys, for
 * the node and the client alike. Only secure values are ever produced: BSP compliance on, no
 * detailed security errors to peers, XOP includes not expanded for signing (package bytes are
 * covered by the signed digest in the Interchange header instead), security tokens inline even
 * with MTOM, public CAs never trusted.
 */
public final class WsSecurityProperties {

  /** XML-DSig identifiers of the signature algorithms this project signs with. */
  public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

  public static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

  private WsSecurityProperties() {}

  /**
   * Properties for one party (node or client) that signs its outgoing messages and verifies
   * incoming ones.
   *
   * @param crypto holds the party's key and the trusted CAs
   * @param keyAlias alias of the signing key in the crypto's key store
   * @param keyPassword the key's password
   * @param keyAlgorithm "RSA" or "EC": chooses the outgoing signature algorithm
   * @param timestampTtl accepted age of incoming timestamps
   * @param futureTtl accepted clock skew into the future
   * @param checkRevocation check CRLs configured in the crypto, failing closed
   */
  public static Map<String, Object> signing(
      Crypto crypto,
      String keyAlias,
      char[] keyPassword,
      String keyAlgorithm,
      Duration timestampTtl,
      Duration futureTtl,
      boolean checkRevocation) {
    Map<String, Object> p = new HashMap<>();
    p.put(SecurityConstants.SIGNATURE_CRYPTO, crypto);
    p.put(SecurityConstants.SIGNATURE_USERNAME, keyAlias);
    p.put(SecurityConstants.CALLBACK_HANDLER, new KeyPasswordCallback(keyPassword.clone()));
    p.put(
        org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_TTL,
        Long.toString(timestampTtl.toSeconds()));
    p.put(
        org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_FUTURE_TTL,
        Long.toString(futureTtl.toSeconds()));
    p.put(org.apache.cxf.ws.security.SecurityConstants.IS_BSP_COMPLIANT, "true");
    p.put(org.apache.cxf.ws.security.SecurityConstants.RETURN_SECURITY_ERROR, "false");
    p.put(org.apache.cxf.ws.security.SecurityConstants.EXPAND_XOP_INCLUDE, "false");
    // The X.509 BinarySecurityToken stays inline base64 text (X.509 Token Profile, BSP R3029/R3030)
    // even on MTOM messages: CXF's default for MTOM moves it into a MIME part (xop:Include inside
    // wsse:Security), which a standard stack that verifies before XOP decoding cannot read.
    p.put(org.apache.cxf.ws.security.SecurityConstants.STORE_BYTES_IN_ATTACHMENT, "false");
    p.put(org.apache.cxf.ws.security.SecurityConstants.ENABLE_TIMESTAMP_CACHE, "true");
    p.put(SecurityConstants.ENABLE_REVOCATION, Boolean.toString(checkRevocation));
    p.put(
        org.apache.cxf.ws.security.SecurityConstants.ASYMMETRIC_SIGNATURE_ALGORITHM,
        "EC".equals(keyAlgorithm) ? ECDSA_SHA256 : RSA_SHA256);
    return p;
  }

  /** Hands WSS4J the signing key's password, and nothing else. */
  private static final class KeyPasswordCallback implements CallbackHandler {
    private final char[] password;

    KeyPasswordCallback(char[] password) {
      this.password = password;
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
      for (Callback callback : callbacks) {
        if (callback instanceof WSPasswordCallback pc
            && pc.getUsage() == WSPasswordCallback.SIGNATURE) {
          pc.setPassword(new String(password));
        } else if (callback instanceof WSPasswordCallback pc
            && pc.getUsage() == WSPasswordCallback.DECRYPT) {
          // WSS4J asks for the private key with DECRYPT usage when signing in some paths.
          pc.setPassword(new String(password));
        } else {
          throw new UnsupportedCallbackException(
              callback, "only the signing key's password is known");
        }
      }
    }
  }
}

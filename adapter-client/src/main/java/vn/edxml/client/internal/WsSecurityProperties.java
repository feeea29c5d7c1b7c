package vn.edxml.client.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.xml.namespace.QName;
import org.apache.cxf.rt.security.SecurityConstants;
import org.apache.cxf.ws.policy.AssertionInfo;
import org.apache.cxf.ws.security.policy.PolicyUtils;
import org.apache.cxf.ws.security.wss4j.policyvalidators.PolicyValidatorParameters;
import org.apache.cxf.ws.security.wss4j.policyvalidators.SecurityPolicyValidator;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.policy.SP11Constants;
import org.apache.wss4j.policy.SP12Constants;
import org.apache.wss4j.policy.model.AlgorithmSuite;

/**
 * The one place where this project's typed security settings become CXF / WSS4J property keys, for
 * the node and the client alike. Only secure values are ever produced: BSP compliance on, no
 * detailed security errors to peers, XOP includes not expanded for signing (package bytes are
 * covered by the signed digest in the Interchange header instead), public CAs never trusted.
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
    // One replay cache per party, in memory, each entry kept exactly while a replay could still be
    // fresh (TimestampReplayCache says why not CXF's default).
    p.put(
        org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_CACHE_INSTANCE,
        new TimestampReplayCache(timestampTtl.plus(futureTtl)));
    p.put(SecurityConstants.ENABLE_REVOCATION, Boolean.toString(checkRevocation));
    p.put(ConfigurationConstants.REQUIRE_TIMESTAMP_EXPIRES, "true");
    // Signature algorithms, both directions. CXF lets one property replace the policy suite's
    // single asymmetric signature method; it is read for outgoing messages (our own key type) AND
    // for incoming ones, and CXF writes it into the endpoint's shared policy objects on every
    // message, so it must be constant per endpoint (a per-message value would race between
    // concurrent requests). The other allowed method goes into the "symmetric" slot, which the
    // asymmetric binding never uses for signing but which CXF adds to WSS4J's per-request list of
    // accepted signature methods. Incoming signatures are therefore checked by WSS4J against
    // exactly {rsa-sha256, ecdsa-sha256}, and by the policy validator below against the same list
    // plus the key type, digest, c14n and key size.
    boolean ec = "EC".equals(keyAlgorithm);
    p.put(
        org.apache.cxf.ws.security.SecurityConstants.ASYMMETRIC_SIGNATURE_ALGORITHM,
        ec ? ECDSA_SHA256 : RSA_SHA256);
    p.put(
        org.apache.cxf.ws.security.SecurityConstants.SYMMETRIC_SIGNATURE_ALGORITHM,
        ec ? RSA_SHA256 : ECDSA_SHA256);
    Map<QName, SecurityPolicyValidator> validators = new HashMap<>();
    validators.put(SP12Constants.ALGORITHM_SUITE, StrictAlgorithmSuiteValidator.INSTANCE);
    validators.put(SP11Constants.ALGORITHM_SUITE, StrictAlgorithmSuiteValidator.INSTANCE);
    p.put(org.apache.cxf.ws.security.SecurityConstants.POLICY_VALIDATOR_MAP, validators);
    return p;
  }

  /**
   * Replaces CXF's AlgorithmSuite policy validator for incoming messages. CXF's own compares the
   * signature method with the single (shared, mutable) value of the policy suite and knows only RSA
   * and DSA keys, so it refuses every EC key. This one uses a fixed allow-list: an RSA key (2048 to
   * 16384 bits) signing with rsa-sha256, or an EC key of at least 256 bits signing with
   * ecdsa-sha256; SHA-256 digests; exclusive c14n; at most the c14n and STR transforms; no
   * encryption. Anything else leaves the assertion unsatisfied, which fails the message.
   */
  static final class StrictAlgorithmSuiteValidator implements SecurityPolicyValidator {

    static final StrictAlgorithmSuiteValidator INSTANCE = new StrictAlgorithmSuiteValidator();

    static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    static final String EXCLUSIVE_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    static final String STR_TRANSFORM =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#STR-Transform";

    @Override
    public boolean canValidatePolicy(AssertionInfo assertionInfo) {
      return assertionInfo.getAssertion() != null
          && (SP12Constants.ALGORITHM_SUITE.equals(assertionInfo.getAssertion().getName())
              || SP11Constants.ALGORITHM_SUITE.equals(assertionInfo.getAssertion().getName()));
    }

    @Override
    public void validatePolicies(
        PolicyValidatorParameters parameters, Collection<AssertionInfo> ais) {
      for (AssertionInfo ai : ais) {
        AlgorithmSuite suite = (AlgorithmSuite) ai.getAssertion();
        ai.setAsserted(true);
        String problem = problem(parameters.getResults().getResults());
        if (problem != null) {
          ai.setNotAsserted(problem);
          continue;
        }
        AlgorithmSuite.AlgorithmSuiteType type = suite.getAlgorithmSuiteType();
        Collection<AssertionInfo> typeAis =
            parameters.getAssertionInfoMap().get(new QName(type.getNamespace(), type.getName()));
        if (typeAis != null) {
          for (AssertionInfo t : typeAis) {
            t.setAsserted(true);
          }
        }
        PolicyUtils.assertPolicy(
            parameters.getAssertionInfoMap(),
            new QName(suite.getName().getNamespaceURI(), suite.getC14n().name()));
      }
    }

    /** Null when every signature in the message is acceptable, else why not. */
    static String problem(List<WSSecurityEngineResult> results) {
      for (WSSecurityEngineResult result : results) {
        Integer action = (Integer) result.get(WSSecurityEngineResult.TAG_ACTION);
        if (action == null) {
          continue;
        }
        if (action == WSConstants.ENCR) {
          return "encryption is not part of this profile";
        }
        if (action != WSConstants.SIGN) {
          continue;
        }
        String method = (String) result.get(WSSecurityEngineResult.TAG_SIGNATURE_METHOD);
        X509Certificate cert =
            (X509Certificate) result.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
        PublicKey key =
            cert != null
                ? cert.getPublicKey()
                : (PublicKey) result.get(WSSecurityEngineResult.TAG_PUBLIC_KEY);
        if (key instanceof RSAPublicKey rsa) {
          int bits = rsa.getModulus().bitLength();
          if (bits < 2048 || bits > 16384) {
            return "RSA key of " + bits + " bits";
          }
          if (!RSA_SHA256.equals(method)) {
            return "signature method " + method + " with an RSA key";
          }
        } else if (key instanceof ECPublicKey ecKey) {
          int bits = ecKey.getParams().getOrder().bitLength();
          if (bits < 256) {
            return "EC key of " + bits + " bits";
          }
          if (!ECDSA_SHA256.equals(method)) {
            return "signature method " + method + " with an EC key";
          }
        } else {
          return "signing key type " + (key == null ? "none" : key.getAlgorithm());
        }
        if (!EXCLUSIVE_C14N.equals(
            result.get(WSSecurityEngineResult.TAG_CANONICALIZATION_METHOD))) {
          return "canonicalization "
              + result.get(WSSecurityEngineResult.TAG_CANONICALIZATION_METHOD);
        }
        @SuppressWarnings("unchecked")
        List<WSDataRef> refs =
            (List<WSDataRef>) result.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
        if (refs == null || refs.isEmpty()) {
          return "a signature without references";
        }
        for (WSDataRef ref : refs) {
          if (!SHA256.equals(ref.getDigestAlgorithm())) {
            return "digest " + ref.getDigestAlgorithm();
          }
          List<String> transforms = ref.getTransformAlgorithms();
          if (transforms == null || transforms.size() > 2) {
            return "transforms " + transforms;
          }
          for (String t : transforms) {
            if (!EXCLUSIVE_C14N.equals(t) && !STR_TRANSFORM.equals(t)) {
              return "transform " + t;
            }
          }
        }
      }
      return null;
    }
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

  /**
   * Restricts whose signatures WSS4J accepts to the exact subjects of the given certificates (the
   * node's, for a client). {@link ResponseSignerCheck} pins the certificates themselves; this adds
   * WSS4J's own subject check on top.
   */
  public static Map<String, Object> expectedSigners(
      java.util.Collection<java.security.cert.X509Certificate> certificates) {
    StringBuilder patterns = new StringBuilder();
    for (java.security.cert.X509Certificate c : certificates) {
      if (patterns.length() > 0) {
        patterns.append('\n');
      }
      patterns.append(java.util.regex.Pattern.quote(c.getSubjectX500Principal().getName()));
    }
    Map<String, Object> p = new HashMap<>();
    p.put(SecurityConstants.SUBJECT_CERT_CONSTRAINTS, patterns.toString());
    p.put(SecurityConstants.CERT_CONSTRAINTS_SEPARATOR, "\n");
    return p;
  }
}

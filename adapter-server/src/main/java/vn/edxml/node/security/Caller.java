package vn.edxml.node.security;

import java.security.cert.X509Certificate;

/**
 * The authenticated sender of a request: the organ its verified signing certificate is registered
 * for.
 *
 * @param organ organ code, exactly as registered
 * @param certificate the certificate that verified the request's signature
 * @param fingerprint SHA-256 of the certificate, lower-case hex
 */
public record Caller(String organ, X509Certificate certificate, String fingerprint) {}

package vn.edxml.node.exchange;

import vn.edxml.node.security.Caller;
import vn.edxml.schema.envelope.Interchange;

/**
 * What the service may rely on for one request: the bound caller and the Interchange header
 * unmarshalled from the exact element the WS-Security layer verified.
 */
public record VerifiedRequest(Caller caller, Interchange interchange, String correlationId) {}

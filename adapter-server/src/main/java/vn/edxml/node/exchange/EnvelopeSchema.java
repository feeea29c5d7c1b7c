package vn.edxml.node.exchange;

import javax.xml.validation.Schema;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.SecureXml;

/** The interchange envelope schema, compiled once. */
final class EnvelopeSchema {

  private static final Schema SCHEMA =
      SecureXml.loadSchema(EnvelopeSchema.class.getClassLoader(), EdxmlNames.ENVELOPE_SCHEMA);

  private EnvelopeSchema() {}

  static Schema get() {
    return SCHEMA;
  }
}

package vn.edxml.validation.internal;

import javax.xml.validation.Schema;
import vn.edxml.xml.EdxmlNames;
import vn.edxml.xml.SecureXml;

/** The two package schemas, compiled once from this jar (a Schema is immutable and shareable). */
final class Schemas {

  private Schemas() {}

  private static final class Holder {
    static final Schema EDOC = load(EdxmlNames.EDOC_SCHEMA);
    static final Schema STATUS = load(EdxmlNames.STATUS_SCHEMA);

    private static Schema load(String resource) {
      return SecureXml.loadSchema(Schemas.class.getClassLoader(), resource);
    }
  }

  static Schema edoc() {
    return Holder.EDOC;
  }

  static Schema status() {
    return Holder.STATUS;
  }
}

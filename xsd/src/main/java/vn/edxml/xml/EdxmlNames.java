package vn.edxml.xml;

/** Namespaces and well-known names of the edXML packages and the interchange envelope. */
public final class EdxmlNames {

  /** The QCVN 102:2016 namespace of both package kinds. */
  public static final String QCVN_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

  /** The W3C XML-DSig namespace, where a correct organ Signature lives. */
  public static final String XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

  /** The interchange envelope namespace. */
  public static final String INTERCHANGE_NS = "urn:vn:edxml:interchange:1";

  /** Classpath folder of the browsable schemas in {@code xsd/schemas}. */
  public static final String SCHEMA_FOLDER = "vn/edxml/schemas/";

  public static final String EDOC_SCHEMA = SCHEMA_FOLDER + "qcvn102-edoc.xsd";
  public static final String STATUS_SCHEMA = SCHEMA_FOLDER + "qcvn102-status.xsd";
  public static final String ENVELOPE_SCHEMA = SCHEMA_FOLDER + "interchange-envelope.xsd";

  private EdxmlNames() {}
}

package vn.edxml.io;

import java.util.List;

/**
 * The routing facts of an edXML package, read without decoding its attachments.
 *
 * @param type "edoc" or "status"
 * @param from MessageHeader/From/OrganId
 * @param to edoc: every To/OrganId in order; status: empty
 * @param documentId edoc: MessageHeader/DocumentId; status: ResponseFor/DocumentId
 * @param businessType edoc: Bussiness/BussinessDocType (0 when absent); status: null
 * @param subject edoc: Subject; status: Description
 * @param statusCode status: StatusCode; edoc: null
 * @param responseForOrgan status: ResponseFor/OrganId; edoc: null
 */
public record PackageSummary(
    String type,
    String from,
    List<String> to,
    String documentId,
    Integer businessType,
    String subject,
    String statusCode,
    String responseForOrgan) {

  public PackageSummary {
    to = List.copyOf(to);
  }

  public boolean isStatus() {
    return "status".equals(type);
  }
}

package vn.edxml.node.store;

import java.util.Set;

/**
 * What the node knows about a document from the messages it stored.
 *
 * @param documentId the edXML DocumentId
 * @param issuer sender of the first stored edoc with this DocumentId (null if only statuses seen)
 * @param recipients every recipient of any edoc with this DocumentId
 * @param participants issuer, recipients and every status sender: who may read its traces
 */
public record DocumentRecord(
    String documentId, String issuer, Set<String> recipients, Set<String> participants) {

  public DocumentRecord {
    recipients = Set.copyOf(recipients);
    participants = Set.copyOf(participants);
  }
}

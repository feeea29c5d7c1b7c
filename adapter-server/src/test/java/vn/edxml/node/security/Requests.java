package vn.edxml.node.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.w3c.dom.Document;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.model.Edoc;
import vn.edxml.model.Organ;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.Credential;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;

/** Valid requests for one test node, ready to be signed and tampered with. */
final class Requests {

  private final TestNode node;

  Requests(TestNode node) {
    this.node = node;
  }

  /** One SendDocument request: the document, its package bytes and its envelope. */
  record Send(Edoc edoc, byte[] pkg, Interchange ix) {

    /** A fresh unsigned SOAP document of this request. */
    Document unsigned() {
      return RawSoap.send("SendDocument", ix, pkg);
    }
  }

  /** A new document from {@code from} to organ B, with an envelope claiming {@code from}. */
  Send document(String from) {
    return document(from, from);
  }

  /** A new document whose package says {@code from}, with an envelope claiming {@code claimed}. */
  Send document(String from, String claimed) {
    Edoc edoc = Documents.edoc(from, TestNode.ORGAN_B);
    byte[] pkg = TestClient.bytes(edoc);
    return new Send(edoc, pkg, envelope(claimed, pkg, edoc));
  }

  static Interchange envelope(String from, byte[] pkg, Edoc edoc) {
    return Interchanges.send(
        UUID.randomUUID().toString(),
        from,
        edoc.to().stream().map(Organ::organId).toList(),
        MessageType.EDOC,
        edoc.documentId(),
        TestClient.sha256(pkg),
        pkg.length,
        Instant.now());
  }

  static Interchange query(String from) {
    return Interchanges.query(from, Instant.now());
  }

  RawSoap.Signer signer(Credential credential) {
    return new RawSoap.Signer(credential, node.pki().ca().certificate());
  }

  /** Signs as {@code organ} with its valid registered credential. */
  RawSoap.Signer signer(String organ) {
    return signer(node.pki().organ(organ));
  }

  /** A correctly signed SendDocument from {@code from}. */
  Document signed(Send send) {
    return signer(send.ix().getFrom()).sign(send.unsigned());
  }

  RawSoap.Reply post(String operation, Document doc) {
    return post(operation, RawSoap.bytes(doc));
  }

  RawSoap.Reply post(String operation, byte[] bytes) {
    return RawSoap.post(node.node().address(), operation, bytes);
  }

  RawSoap.Reply send(Document doc) {
    return post("SendDocument", doc);
  }

  static List<String> list(String... values) {
    return List.of(values);
  }
}

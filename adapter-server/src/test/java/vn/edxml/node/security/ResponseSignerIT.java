package vn.edxml.node.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;
import vn.edxml.pki.Credential;

/**
 * The client's side of "every response is signed by the node": a response signed by anybody else
 * (another node, an organ under the same CA, a second signature next to the node's) or not signed
 * at all is refused by the client.
 */
class ResponseSignerIT {

  @RegisterExtension static final TestNode NODE = new TestNode();
  @RegisterExtension static final TestNode OTHER = new TestNode();

  private static String failure(TestClient.ThrowingCall call) {
    String outcome = TestClient.faultCode(call);
    assertFalse(outcome.startsWith("exception:vn.edxml.wsdl"), outcome);
    return outcome;
  }

  @Test
  void responseOfANodeTheClientDoesNotExpectIsRefused() throws Exception {
    // The client trusts OTHER's CA and is registered there, but expects NODE's certificate.
    Credential organ = OTHER.pki().organ(TestNode.ORGAN_A);
    List<java.security.cert.X509Certificate> anchors = List.of(OTHER.pki().ca().certificate());
    try (TestClient wrong =
            new TestClient(
                OTHER.node().address(),
                TestNode.ORGAN_A,
                organ,
                anchors,
                Set.of(NODE.pki().node().certificate()));
        TestClient right =
            new TestClient(
                OTHER.node().address(),
                TestNode.ORGAN_A,
                organ,
                anchors,
                Set.of(OTHER.pki().node().certificate()))) {
      right.organizations(null);
      failure(() -> wrong.organizations(null));
    }
  }

  /** A fake node on 127.0.0.1 answering every call with the given bytes. */
  private static String fake(HttpServer server, byte[] response) {
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=UTF-8");
          exchange.sendResponseHeaders(200, response.length);
          exchange.getResponseBody().write(response);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/edxml/exchange";
  }

  private static Document organizationsResponse() {
    Document doc = RawSoap.newDocument();
    return RawSoap.envelope(null, doc.createElementNS(RawSoap.EX, "ex:GetOrganizationsResponse"));
  }

  private static void refusedByTheClient(byte[] response) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    try (TestClient client =
        new TestClient(
            fake(server, response),
            TestNode.ORGAN_A,
            NODE.pki().organ(TestNode.ORGAN_A),
            List.of(NODE.pki().ca().certificate()),
            Set.of(NODE.pki().node().certificate()))) {
      failure(() -> client.organizations(null));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void controlAResponseSignedByTheNodeKeyIsAccepted() throws Exception {
    RawSoap.Signer signer =
        new RawSoap.Signer(NODE.pki().node(), NODE.pki().ca().certificate())
            .parts(true, false, true);
    byte[] response = RawSoap.bytes(signer.sign(organizationsResponse()));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    try (TestClient client =
        new TestClient(
            fake(server, response),
            TestNode.ORGAN_A,
            NODE.pki().organ(TestNode.ORGAN_A),
            List.of(NODE.pki().ca().certificate()),
            Set.of(NODE.pki().node().certificate()))) {
      assertTrue(client.organizations(null).getOrganization().isEmpty());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void unsignedResponseIsRefused() throws Exception {
    refusedByTheClient(RawSoap.bytes(organizationsResponse()));
  }

  @Test
  void responseSignedByAnOrganUnderTheSameCaIsRefused() throws Exception {
    RawSoap.Signer organC =
        new RawSoap.Signer(NODE.pki().organ(TestNode.ORGAN_C), NODE.pki().ca().certificate())
            .parts(true, false, true);
    refusedByTheClient(RawSoap.bytes(organC.sign(organizationsResponse())));
  }

  @Test
  void nodeSignatureOverTheTimestampOnlyPlusAnOrganSignatureOverTheBodyIsRefused()
      throws Exception {
    RawSoap.Signer node =
        new RawSoap.Signer(NODE.pki().node(), NODE.pki().ca().certificate())
            .parts(false, false, true);
    RawSoap.Signer organC =
        new RawSoap.Signer(NODE.pki().organ(TestNode.ORGAN_C), NODE.pki().ca().certificate())
            .withoutTimestamp()
            .parts(true, false, false);
    refusedByTheClient(RawSoap.bytes(organC.sign(node.sign(organizationsResponse()))));
  }
}

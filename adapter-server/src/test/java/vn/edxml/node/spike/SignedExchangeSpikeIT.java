package vn.edxml.node.spike;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.xml.ws.BindingProvider;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.rt.security.SecurityConstants;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.junit.jupiter.api.Test;
import vn.edxml.client.internal.Wss4jCrypto;
import vn.edxml.pki.CertificateAuthority;
import vn.edxml.pki.Credential;
import vn.edxml.pki.KeyKind;
import vn.edxml.wsdl.service.*;

class SignedExchangeSpikeIT {

  static final String NS = "urn:vn:edxml:exchange:1";

  @Test
  void signedRoundTrip() throws Exception {
    Instant now = Instant.now();
    CertificateAuthority ca =
        CertificateAuthority.create(
            "CN=Spike CA", KeyKind.RSA_2048, now.minusSeconds(60), Duration.ofDays(1));
    Credential node =
        ca.issue("CN=node", KeyKind.RSA_2048, now.minusSeconds(60), now.plusSeconds(3600));
    Credential organ =
        ca.issue("CN=organ", KeyKind.RSA_2048, now.minusSeconds(60), now.plusSeconds(3600));
    char[] pw = "pw".toCharArray();
    KeyStore nodeKs = node.toKeyStore("node", pw);
    KeyStore organKs = organ.toKeyStore("organ", pw);
    CallbackHandler cb =
        callbacks -> {
          for (Callback c : callbacks) {
            ((WSPasswordCallback) c).setPassword("pw");
          }
        };
    int port = vn.edxml.node.testing.FreePorts.next();
    String address = "http://127.0.0.1:" + port + "/edxml/exchange";
    Bus bus = BusFactory.newInstance().createBus();
    EndpointImpl ep = new EndpointImpl(bus, new Impl());
    ep.setWsdlLocation("classpath:vn/edxml/wsdl/edxml-exchange.wsdl");
    ep.setServiceName(new QName(NS, "EdxmlExchangeService"));
    ep.setEndpointName(new QName(NS, "EdxmlExchangePort"));
    Map<String, Object> sp = new HashMap<>();
    sp.put(
        SecurityConstants.SIGNATURE_CRYPTO, Wss4jCrypto.create(nodeKs, List.of(ca.certificate())));
    sp.put(SecurityConstants.SIGNATURE_USERNAME, "node");
    sp.put(SecurityConstants.CALLBACK_HANDLER, cb);
    ep.setProperties(sp);
    ep.publish(address);
    try {
      JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
      f.setBus(BusFactory.newInstance().createBus());
      f.setWsdlLocation("classpath:vn/edxml/wsdl/edxml-exchange.wsdl");
      f.setServiceName(new QName(NS, "EdxmlExchangeService"));
      f.setEndpointName(new QName(NS, "EdxmlExchangePort"));
      f.setAddress(address);
      f.setServiceClass(EdxmlExchangePortType.class);
      Map<String, Object> cp = new HashMap<>();
      cp.put(
          SecurityConstants.SIGNATURE_CRYPTO,
          Wss4jCrypto.create(organKs, List.of(ca.certificate())));
      cp.put(SecurityConstants.SIGNATURE_USERNAME, "organ");
      cp.put(SecurityConstants.CALLBACK_HANDLER, cb);
      f.setProperties(cp);
      EdxmlExchangePortType client = (EdxmlExchangePortType) f.create();
      vn.edxml.schema.envelope.Interchange h = new vn.edxml.schema.envelope.Interchange();
      h.setMessageId("m1");
      h.setTimestamp(Instant.now());
      h.setFrom("000.00.00.G22");
      List<org.apache.cxf.headers.Header> headers = new java.util.ArrayList<>();
      headers.add(
          new org.apache.cxf.headers.Header(
              new QName("urn:vn:edxml:interchange:1", "Interchange"),
              h,
              new org.apache.cxf.jaxb.JAXBDataBinding(vn.edxml.schema.envelope.Interchange.class)));
      ((BindingProvider) client)
          .getRequestContext()
          .put(org.apache.cxf.headers.Header.HEADER_LIST, headers);
      GetOrganizations req = new GetOrganizations();
      req.setCodePrefix("000");
      GetOrganizationsResponse r = client.getOrganizations(req);
      assertEquals(1, r.getOrganization().size());
      assertEquals("000.00.00.G22", r.getOrganization().get(0).getOrganId());
    } finally {
      ep.stop();
      bus.shutdown(true);
    }
  }

  @jakarta.jws.WebService(
      serviceName = "EdxmlExchangeService",
      portName = "EdxmlExchangePort",
      targetNamespace = NS,
      endpointInterface = "vn.edxml.wsdl.service.EdxmlExchangePortType",
      wsdlLocation = "classpath:vn/edxml/wsdl/edxml-exchange.wsdl")
  static class Impl implements EdxmlExchangePortType {
    @jakarta.annotation.Resource jakarta.xml.ws.WebServiceContext ctx;

    public ConfirmReceivedResponse confirmReceived(ConfirmReceived p) {
      return null;
    }

    public Receipt sendDocument(PackageRequest p) {
      return null;
    }

    public Receipt sendStatus(PackageRequest p) {
      return null;
    }

    public GetPendingDocumentsResponse getPendingDocuments(GetPendingDocuments p) {
      return null;
    }

    public GetDocumentResponse getDocument(GetDocument p) {
      return null;
    }

    public GetTracesResponse getTraces(GetTraces p) {
      return null;
    }

    public GetOrganizationsResponse getOrganizations(GetOrganizations p) {
      GetOrganizationsResponse r = new GetOrganizationsResponse();
      DirectoryEntry e = new DirectoryEntry();
      e.setOrganId("000.00.00.G22");
      e.setName("VPCP");
      e.setHomeNode("node");
      r.getOrganization().add(e);
      return r;
    }
  }
}

package vn.edxml.node.security;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import vn.edxml.client.internal.Wss4jCrypto;
import vn.edxml.pki.Credential;
import vn.edxml.schema.envelope.Interchange;

/**
 * Raw SOAP for negative tests: builds request envelopes as DOM, signs them with WSS4J exactly as
 * told (algorithms, parts, timestamp values, key), lets a test tamper with the result, posts the
 * bytes to a node with {@code java.net.http} and parses what comes back.
 */
final class RawSoap {

  static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
  static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
  static final String EX = "urn:vn:edxml:exchange:1";
  static final String IX = "urn:vn:edxml:interchange:1";
  static final String WSSE =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
  static final String WSU =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
  static final String DS = "http://www.w3.org/2000/09/xmldsig#";

  static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
  static final String RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
  static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
  static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
  static final String DSA_SHA256 = "http://www.w3.org/2009/xmldsig11#dsa-sha256";
  static final String HMAC_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256";
  static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
  static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

  private static final JAXBContext IX_CONTEXT;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  static {
    try {
      IX_CONTEXT = JAXBContext.newInstance(Interchange.class);
    } catch (JAXBException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private RawSoap() {}

  // ------------------------------------------------------------------ building

  /** An unsigned SOAP 1.1 envelope: the Interchange header and one body element. */
  static Document envelope(Interchange ix, Element bodyContent) {
    Document doc = bodyContent.getOwnerDocument();
    Element env = doc.createElementNS(SOAP11, "soap:Envelope");
    doc.appendChild(env);
    Element header = doc.createElementNS(SOAP11, "soap:Header");
    env.appendChild(header);
    if (ix != null) {
      header.appendChild(interchangeElement(doc, ix));
    }
    Element body = doc.createElementNS(SOAP11, "soap:Body");
    env.appendChild(body);
    body.appendChild(bodyContent);
    return doc;
  }

  /** A SendDocument (or SendStatus) request carrying the package inline as base64. */
  static Document send(String operation, Interchange ix, byte[] pkg) {
    Document doc = newDocument();
    Element op = doc.createElementNS(EX, "ex:" + operation);
    Element p = doc.createElementNS(EX, "ex:Package");
    p.setTextContent(Base64.getEncoder().encodeToString(pkg));
    op.appendChild(p);
    return envelope(ix, op);
  }

  /** A query request: {@code <ex:operation>} with the given simple children, in order. */
  static Document query(String operation, Interchange ix, String... namesAndValues) {
    Document doc = newDocument();
    Element op = doc.createElementNS(EX, "ex:" + operation);
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      Element child = doc.createElementNS(EX, "ex:" + namesAndValues[i]);
      child.setTextContent(namesAndValues[i + 1]);
      op.appendChild(child);
    }
    return envelope(ix, op);
  }

  static Element interchangeElement(Document doc, Interchange ix) {
    try {
      Element holder = doc.createElementNS(SOAP11, "soap:Holder");
      IX_CONTEXT
          .createMarshaller()
          .marshal(new JAXBElement<>(new QName(IX, "Interchange"), Interchange.class, ix), holder);
      return (Element) holder.getFirstChild();
    } catch (JAXBException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ signing

  /** How to sign: defaults are what a correct client does. */
  static final class Signer {
    final Credential credential;
    final List<X509Certificate> anchors;
    String signatureAlgorithm;
    String digestAlgorithm = SHA256;
    boolean timestamp = true;
    boolean signature = true;
    boolean signBody = true;
    boolean signInterchange = true;
    boolean signTimestamp = true;
    Instant created;
    Instant expires;
    boolean noExpires;
    int keyIdentifier = WSConstants.BST_DIRECT_REFERENCE;
    String c14n = WSConstants.C14N_EXCL_OMIT_COMMENTS;

    Signer keyIdentifier(int type) {
      keyIdentifier = type;
      return this;
    }

    Signer canonicalization(String uri) {
      c14n = uri;
      return this;
    }

    Signer(Credential credential, X509Certificate ca) {
      this.credential = credential;
      this.anchors = List.of(ca);
      this.signatureAlgorithm =
          "EC".equals(credential.certificate().getPublicKey().getAlgorithm())
              ? ECDSA_SHA256
              : "DSA".equals(credential.certificate().getPublicKey().getAlgorithm())
                  ? DSA_SHA256
                  : RSA_SHA256;
    }

    Signer algorithm(String uri) {
      signatureAlgorithm = uri;
      return this;
    }

    Signer digest(String uri) {
      digestAlgorithm = uri;
      return this;
    }

    Signer created(Instant at) {
      created = at;
      return this;
    }

    Signer expires(Instant at) {
      expires = at;
      return this;
    }

    Signer withoutExpires() {
      noExpires = true;
      return this;
    }

    Signer withoutTimestamp() {
      timestamp = false;
      return this;
    }

    Signer withoutSignature() {
      signature = false;
      return this;
    }

    Signer parts(boolean body, boolean interchange, boolean ts) {
      signBody = body;
      signInterchange = interchange;
      signTimestamp = ts;
      return this;
    }

    /** Adds a Security header (Timestamp, BST, Signature) to the document, in place. */
    Document sign(Document unsignedDoc) {
      // A parsed copy: namespace declarations become real attributes, as the receiver sees them.
      Document doc = parse(bytes(unsignedDoc));
      try {
        WSSecHeader header = new WSSecHeader(doc);
        header.insertSecurityHeader();
        String tsId = null;
        if (timestamp) {
          WSSecTimestamp ts = new WSSecTimestamp(header);
          ts.setTimeToLive(300);
          ts.build();
          tsId = ts.getId();
          Element tsEl = ts.getElement();
          Element createdEl = child(tsEl, WSU, "Created");
          Element expiresEl = child(tsEl, WSU, "Expires");
          if (created != null) {
            createdEl.setTextContent(xmlTime(created));
            if (expires == null && expiresEl != null) {
              expiresEl.setTextContent(xmlTime(created.plusSeconds(300)));
            }
          }
          if (expires != null && expiresEl != null) {
            expiresEl.setTextContent(xmlTime(expires));
          }
          if (noExpires && expiresEl != null) {
            tsEl.removeChild(expiresEl);
          }
        }
        if (signature) {
          char[] pw = "pw".toCharArray();
          Crypto crypto = Wss4jCrypto.create(credential.toKeyStore("k", pw), anchors);
          WSSecSignature sig = new WSSecSignature(header);
          sig.setUserInfo("k", "pw");
          sig.setKeyIdentifierType(keyIdentifier);
          sig.setSignatureAlgorithm(signatureAlgorithm);
          sig.setDigestAlgo(digestAlgorithm);
          sig.setSigCanonicalization(c14n);
          if (signBody) {
            sig.getParts().add(new WSEncryptionPart("Body", SOAP11, "Element"));
          }
          if (signInterchange) {
            sig.getParts().add(new WSEncryptionPart("Interchange", IX, "Element"));
          }
          if (signTimestamp && tsId != null) {
            sig.getParts().add(new WSEncryptionPart(tsId));
          }
          sig.build(crypto);
        }
        if (timestamp) {
          // Strict layout: the signed Timestamp comes before the Signature that covers it.
          Element security = header.getSecurityHeaderElement();
          Element ts = child(security, WSU, "Timestamp");
          security.insertBefore(ts, security.getFirstChild());
        }
        return doc;
      } catch (Exception e) {
        throw new IllegalStateException("cannot sign the test message", e);
      }
    }
  }

  static String xmlTime(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  // ------------------------------------------------------------------ DOM helpers

  static Document newDocument() {
    return builder().newDocument();
  }

  static Document parse(byte[] xml) {
    try {
      return builder().parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new IllegalStateException("cannot parse", e);
    }
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      return f.newDocumentBuilder();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(Document doc) {
    try {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      t.transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Element child(Element parent, String ns, String local) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && ns.equals(e.getNamespaceURI())
          && local.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  /** The first descendant element with this name, or an assertion error. */
  static Element first(Document doc, String ns, String local) {
    NodeList list = doc.getElementsByTagNameNS(ns, local);
    if (list.getLength() == 0) {
      throw new AssertionError("no " + local + " in the message");
    }
    return (Element) list.item(0);
  }

  static List<Element> all(Document doc, String ns, String local) {
    NodeList list = doc.getElementsByTagNameNS(ns, local);
    List<Element> result = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      result.add((Element) list.item(i));
    }
    return result;
  }

  static Element header(Document doc) {
    return first(doc, SOAP11, "Header");
  }

  static Element body(Document doc) {
    return first(doc, SOAP11, "Body");
  }

  static Element security(Document doc) {
    return first(doc, WSSE, "Security");
  }

  // ------------------------------------------------------------------ transport

  /** The node's answer. */
  record Reply(int status, String contentType, String body) {

    Document envelope() {
      Matcher m =
          Pattern.compile("<([A-Za-z0-9_]+:)?Envelope[\\s\\S]*</([A-Za-z0-9_]+:)?Envelope>")
              .matcher(body);
      if (!m.find()) {
        throw new AssertionError("no SOAP envelope in the reply (HTTP " + status + "): " + body);
      }
      return parse(m.group().getBytes(StandardCharsets.UTF_8));
    }

    boolean isFault() {
      return body.contains("Fault>") && !all(envelope(), SOAP11, "Fault").isEmpty();
    }

    /** ex:InterchangeFault/ex:Code, or null. */
    String code() {
      List<Element> f = all(envelope(), EX, "InterchangeFault");
      return f.isEmpty() ? null : text(f.get(0), "Code");
    }

    String faultMessage() {
      return text(first(envelope(), EX, "InterchangeFault"), "Message");
    }

    String correlationId() {
      return text(first(envelope(), EX, "InterchangeFault"), "CorrelationId");
    }

    /** soap:Fault/faultcode (SOAP 1.1), or null. */
    String soapFaultCode() {
      List<Element> f = all(envelope(), SOAP11, "Fault");
      if (f.isEmpty()) {
        return null;
      }
      Element c = child(f.get(0), "", "faultcode");
      if (c == null) {
        c = (Element) f.get(0).getElementsByTagName("faultcode").item(0);
      }
      return c == null ? null : c.getTextContent().trim();
    }

    String faultString() {
      List<Element> f = all(envelope(), SOAP11, "Fault");
      Element c = (Element) f.get(0).getElementsByTagName("faultstring").item(0);
      return c == null ? null : c.getTextContent();
    }

    /** Text of the first element with this local name in the exchange namespace. */
    String value(String local) {
      return first(envelope(), EX, local).getTextContent();
    }

    private static String text(Element parent, String local) {
      Element c = child(parent, EX, local);
      return c == null ? null : c.getTextContent();
    }
  }

  static Reply post(String address, String operation, byte[] body) {
    return post(address, operation, "text/xml; charset=UTF-8", body);
  }

  static Reply post(String address, String operation, String contentType, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(address))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .header("SOAPAction", "\"urn:vn:edxml:exchange:1/" + operation + "\"")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return send(request);
  }

  static Reply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(""),
          new String(r.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

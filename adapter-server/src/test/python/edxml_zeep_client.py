#!/usr/bin/python3
"""An independent (non-Java) client of the edXML exchange service, built on zeep + python-xmlsec.

It proves that the node's WSDL, WS-SecurityPolicy and messages can be used by a SOAP stack other
than Apache CXF with standard WS-Security 1.0 (X.509 BinarySecurityToken, rsa-sha256, SHA-256
digests, exclusive c14n). Only the standard library, zeep and xmlsec are used.

    edxml_zeep_client.py --wsdl WSDL --address URL --organ ORGAN --key KEY.pem --cert CERT.pem \
        --node-cert NODE.pem  send --to ORGAN [--to ORGAN...] --document-id ID --package FILE
    ... pending [--max N] [--message-type edoc|status]
    ... get --message-id ID --out FILE
    ... confirm --message-id ID

Every run prints exactly one JSON line on stdout. Exit status: 0 success; 1 the node answered with
a SOAP fault (the JSON carries ex:InterchangeFault/Code as "fault"); 2 usage error; 3 a local
failure (transport error, response signature missing or invalid, package digest mismatch).

What zeep 4.2.1 needs, each adjustment marked "ADJUSTMENT n" below (see README.md):
  1. a wsu:Timestamp added to wsse:Security before signing (zeep signs a Timestamp if present but
     never creates one, and the policy requires a signed Timestamp);
  2. the ix:Interchange SOAP header signed too (zeep signs only Body and Timestamp), and the
     security header laid out Timestamp, BinarySecurityToken, Signature (declare before use);
  3. rsa-sha256 and SHA-256 digests set explicitly (zeep defaults to rsa-sha1 / sha1);
  4. responses verified against the NODE's certificate (zeep verifies against the client's own);
  5. one combined wsse object (timestamp + signature + verification), not a list: zeep calls
     client.wsse.verify(doc) on replies, which a list does not have;
  6. response checks zeep does not make: the Body and the Timestamp must be among the signed
     references (zeep accepts a valid signature over anything), each reference must resolve to
     exactly one element, the Timestamp must be current, and the signing BinarySecurityToken must
     be inline base64 and be the pinned node certificate;
  7. MTOM responses verified BEFORE the xop:Include elements are inlined (zeep inlines first, which
     changes the signed Body: CXF signs the Body with the xop:Include elements in it; the
     package's bytes are covered by the signed Payload digest instead, checked here after
     download). The node answers with MTOM even to this client's plain text/xml requests;
  8. XOP parts inlined from the raw MIME parts: zeep's Attachment.content strips CR/LF from both
     ends of every binary part, which corrupts packages ending with a newline.
Faults are reported with their InterchangeFault code whether or not their Body is signed (the node
signs only the Timestamp of faults); "responseSigned" in the JSON line says which.
"""

import argparse
import base64
import datetime
import hashlib
import json
import os
import ssl
import sys
import urllib.parse
import uuid

try:
    import requests
    import xmlsec
    from lxml import etree
    from requests_toolbelt.multipart.decoder import MultipartDecoder
    from zeep import Client, Settings
    from zeep.exceptions import Fault, SignatureVerificationFailed, TransportError
    from zeep.loader import parse_xml
    from zeep.transports import Transport
    from zeep.utils import get_media_type
    from zeep.wsse.signature import (
        BinarySignature,
        _make_sign_key,
        _make_verify_key,
        _sign_node,
    )
    from zeep.wsse.utils import WSU, ensure_id, get_security_header
except ImportError as e:  # pragma: no cover - reported as JSON like every other failure
    print(json.dumps({"ok": False, "error": "missing_module", "message": str(e)}))
    sys.exit(3)

EX = "urn:vn:edxml:exchange:1"
IX = "urn:vn:edxml:interchange:1"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DS = "http://www.w3.org/2000/09/xmldsig#"
XOP = "http://www.w3.org/2004/08/xop/include"
SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256"
X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64 = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)
BINDING = "{%s}EdxmlExchangeSoapBinding" % EX


class LocalFailure(Exception):
    """A failure on this side (exit 3), with a stable code for the JSON line."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def xsd_datetime(value):
    return value.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z"
    )


def parse_xsd_datetime(text):
    return datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


class EdxmlWsse:
    """The one wsse object given to zeep (ADJUSTMENT 5): signs requests, verifies responses.

    Signing reuses zeep's BinarySignature building blocks (key loading, xmlsec template,
    reference creation); the envelope layout and the set of signed parts are ours.
    """

    def __init__(self, key_file, cert_file, node_cert_file, ttl_seconds=300, skew_seconds=60,
                 sign=True, extra_signed_headers=((IX, "Interchange"),)):
        # ADJUSTMENT 3: zeep's defaults are rsa-sha1 / sha1, which the node refuses.
        self.signer = BinarySignature(
            key_file,
            cert_file,
            signature_method=xmlsec.Transform.RSA_SHA256,
            digest_method=xmlsec.Transform.SHA256,
        )
        with open(node_cert_file, "rb") as f:
            self.node_cert = f.read()
        self.ttl = datetime.timedelta(seconds=ttl_seconds)
        self.skew = datetime.timedelta(seconds=skew_seconds)
        self.sign = sign
        self.extra_signed_headers = list(extra_signed_headers)
        self.response_signed = None
        self.problem = None

    # ---------------------------------------------------------------- requests

    def apply(self, envelope, headers):
        if not self.sign:
            return envelope, headers  # for the negative test: an unsigned request
        key = _make_sign_key(self.signer.key_data, self.signer.cert_data, self.signer.password)
        security = get_security_header(envelope)
        security.set("{%s}mustUnderstand" % SOAP11, "1")

        # ADJUSTMENT 1: the Timestamp, which zeep signs when present but never creates.
        created = utc_now()
        timestamp = WSU.Timestamp(
            WSU.Created(xsd_datetime(created)),
            WSU.Expires(xsd_datetime(created + self.ttl)),
        )
        security.insert(0, timestamp)

        # ADJUSTMENT 2: zeep's _signature_prepare signs Body and Timestamp only. Same steps, plus
        # the headers the policy's SignedParts name (ix:Interchange).
        signature = xmlsec.template.create(
            envelope, xmlsec.Transform.EXCL_C14N, self.signer.signature_method
        )
        key_info = xmlsec.template.ensure_key_info(signature)
        x509_data = xmlsec.template.add_x509_data(key_info)
        xmlsec.template.x509_data_add_certificate(x509_data)
        security.append(signature)

        ctx = xmlsec.SignatureContext()
        ctx.key = key
        _sign_node(ctx, signature, envelope.find("{%s}Body" % SOAP11), self.signer.digest_method)
        _sign_node(ctx, signature, timestamp, self.signer.digest_method)
        header = envelope.find("{%s}Header" % SOAP11)
        for ns, name in self.extra_signed_headers:
            node = header.find("{%s}%s" % (ns, name))
            if node is None:
                raise LocalFailure("request_invalid", "no %s header to sign" % name)
            _sign_node(ctx, signature, node, self.signer.digest_method)
        ctx.sign(signature)

        # As zeep's _sign_envelope_with_key_binary: move the certificate into a
        # BinarySecurityToken referenced from a SecurityTokenReference (BSP R3029, R3059, R3062).
        bst = etree.Element(
            "{%s}BinarySecurityToken" % WSSE, {"ValueType": X509V3, "EncodingType": BASE64}
        )
        bst.text = x509_data.find("{%s}X509Certificate" % DS).text
        str_node = etree.SubElement(key_info, "{%s}SecurityTokenReference" % WSSE)
        etree.SubElement(
            str_node, "{%s}Reference" % WSSE, {"URI": "#" + ensure_id(bst), "ValueType": X509V3}
        )
        key_info.remove(x509_data)
        # Strict layout, declare before use: Timestamp, BinarySecurityToken, Signature.
        security.insert(security.index(signature), bst)
        return envelope, headers

    # --------------------------------------------------------------- responses

    def verify(self, envelope):
        header = envelope.find("{%s}Header" % SOAP11)
        security = None if header is None else header.find("{%s}Security" % WSSE)
        signature = None if security is None else security.find("{%s}Signature" % DS)
        if signature is None:
            raise LocalFailure("response_not_signed", "the response carries no signature")

        # ADJUSTMENT 6: zeep verifies whatever the Reference elements point at; check that the
        # Body and the Timestamp are among them, each URI resolving to exactly one element.
        referenced = set()
        for ref in signature.findall("{%s}SignedInfo/{%s}Reference" % (DS, DS)):
            uri = ref.get("URI") or ""
            if not uri.startswith("#"):
                raise LocalFailure("response_signature_invalid", "unexpected reference " + uri)
            nodes = envelope.xpath("//*[@wsu:Id=$id]", namespaces={"wsu": WSU_NS}, id=uri[1:])
            if len(nodes) != 1:
                raise LocalFailure(
                    "response_signature_invalid", "reference %s matches %d elements" % (uri, len(nodes))
                )
            referenced.add(nodes[0])
        body = envelope.find("{%s}Body" % SOAP11)
        timestamp = security.find("{%s}Timestamp" % WSU_NS)
        if body not in referenced:
            raise LocalFailure("response_signature_invalid", "the response Body is not signed")
        if timestamp is None or timestamp not in referenced:
            raise LocalFailure("response_signature_invalid", "the response Timestamp is not signed")

        # ADJUSTMENT 4: zeep's Signature.verify uses the client's own certificate; the node signs
        # responses with its key, so verify against the node certificate (pinned).
        from zeep.wsse.signature import _verify_envelope_with_key

        try:
            _verify_envelope_with_key(envelope, _make_verify_key(self.node_cert))
        except SignatureVerificationFailed:
            raise LocalFailure(
                "response_signature_invalid",
                "the response signature does not verify with the node certificate",
            ) from None

        # BSP: the signing token is an inline base64 BinarySecurityToken (X.509 Token Profile). Check
        # that it is, and that it is the pinned node certificate, as a stack that trusts the token
        # (rather than a pinned key) would need.
        ref = signature.find("{%s}KeyInfo/{%s}SecurityTokenReference/{%s}Reference" % (DS, WSSE, WSSE))
        if ref is not None:
            tokens = envelope.xpath(
                "//wsse:BinarySecurityToken[@wsu:Id=$id]",
                namespaces={"wsse": WSSE, "wsu": WSU_NS},
                id=(ref.get("URI") or "")[1:],
            )
            if len(tokens) != 1:
                raise LocalFailure("response_signature_invalid", "the signing token is not in the message")
            token = tokens[0]
            if len(token) or not (token.text or "").strip():
                raise LocalFailure(
                    "token_not_inline",
                    "the BinarySecurityToken is not inline base64 (e.g. an xop:Include)",
                )
            if base64.b64decode(token.text) != ssl.PEM_cert_to_DER_cert(self.node_cert.decode("ascii")):
                raise LocalFailure(
                    "response_signature_invalid", "the response's token is not the node certificate"
                )

        now = utc_now()
        created = timestamp.findtext("{%s}Created" % WSU_NS)
        expires = timestamp.findtext("{%s}Expires" % WSU_NS)
        if created and parse_xsd_datetime(created) > now + self.skew:
            raise LocalFailure("response_stale", "the response Timestamp is in the future")
        if expires and parse_xsd_datetime(expires) < now - self.skew:
            raise LocalFailure("response_stale", "the response Timestamp has expired")
        self.response_signed = True
        return envelope


class ExchangeClient:
    def __init__(self, args):
        session = requests.Session()
        session.trust_env = False  # no proxies from the environment: talk to the node directly
        transport = Transport(session=session, timeout=args.timeout, operation_timeout=args.timeout)
        self.wsse = EdxmlWsse(
            args.key, args.cert, args.node_cert, sign=not getattr(args, "unsigned", False)
        )
        settings = Settings(strict=True, xml_huge_tree=True)
        self.client = Client(args.wsdl, transport=transport, wsse=self.wsse, settings=settings)
        self.service = self.client.create_service(BINDING, args.address)
        self.organ = args.organ
        self.dump_dir = args.dump_dir
        self.last_response = None

    def interchange(self, **extra):
        value = {
            "MessageId": extra.pop("MessageId", None) or str(uuid.uuid4()),
            "Timestamp": utc_now().replace(microsecond=0),
            "From": self.organ,
        }
        value.update(extra)
        return value

    def call(self, operation, interchange, **body):
        """Calls an operation and processes the reply the way zeep does, except ADJUSTMENT 7."""
        with self.client.settings(raw_response=True):
            response = getattr(self.service, operation)(
                _soapheaders={"Interchange": interchange}, **body
            )
        return self.process_reply(operation, response)

    def process_reply(self, operation, response):
        binding = self.service._binding
        operation_obj = binding.get(operation)
        if response.status_code != 200 and not response.content:
            raise LocalFailure("transport_error", "HTTP %d without content" % response.status_code)
        content_type = response.headers.get("Content-Type", "text/xml")
        parts = None
        if get_media_type(content_type) == "multipart/related":
            decoder = MultipartDecoder(response.content, content_type, response.encoding or "utf-8")
            content = decoder.parts[0].content
            parts = decoder.parts[1:]
        else:
            content = response.content
        self.dump(operation, response)
        doc = parse_xml(content, self.client.transport, settings=self.client.settings)
        # ADJUSTMENT 7: verify the envelope exactly as signed, then inline the XOP parts.
        fault = doc.find("{%s}Body/{%s}Fault" % (SOAP11, SOAP11))
        if fault is None:
            self.wsse.verify(doc)
        else:
            # A fault is reported whether or not its Body is signed (the node signs only the
            # Timestamp of faults, or nothing for requests it could not verify); it can only make
            # this client fail, never accept anything. The JSON says whether it was signed.
            try:
                self.wsse.verify(doc)
            except LocalFailure as e:
                self.wsse.response_signed = False
                self.wsse.problem = str(e)
        if parts:
            inline_xop(doc, parts)
        if response.status_code != 200 or fault is not None:
            binding.process_error(doc, operation_obj)  # raises zeep.exceptions.Fault
        return operation_obj.process_reply(doc)

    def dump(self, operation, response):
        """Keeps the raw HTTP response (status, Content-Type, body) for diagnosis."""
        if self.dump_dir:
            os.makedirs(self.dump_dir, exist_ok=True)
            name = "%s-%s.http" % (operation, uuid.uuid4().hex[:8])
            with open(os.path.join(self.dump_dir, name), "wb") as f:
                f.write(b"HTTP %d\r\n" % response.status_code)
                f.write(("Content-Type: %s\r\n\r\n" % response.headers.get("Content-Type")).encode())
                f.write(response.content)


def inline_xop(doc, parts):
    """ADJUSTMENT 8: replaces each xop:Include with its MIME part's bytes, as base64 text.

    zeep's own process_xop takes the bytes from zeep.wsdl.attachments.Attachment.content, which
    strips CR and LF from both ends of every "Content-Transfer-Encoding: binary" part: a package
    ending with a newline (most XML files) arrives one byte short, and a 32-byte digest that
    happens to start or end with 0x0A/0x0D is corrupted. The raw part content is used here.
    """
    by_id = {}
    for part in parts:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in part.headers.items()}
        cid = headers.get("content-id", "").strip()
        if cid.startswith("<") and cid.endswith(">"):
            cid = cid[1:-1]
        content = part.content
        if headers.get("content-transfer-encoding", "binary").strip().lower() == "base64":
            content = base64.b64decode(content)
        by_id[cid] = content
    for node in doc.xpath("//xop:Include", namespaces={"xop": XOP}):
        href = node.get("href") or ""
        if not href.startswith("cid:"):
            raise LocalFailure("xop_invalid", "unsupported xop:Include href " + href)
        cid = urllib.parse.unquote(href[4:])
        if cid not in by_id:
            raise LocalFailure("xop_invalid", "no MIME part for " + href)
        parent = node.getparent()
        if len(parent) != 1 or (parent.text or "").strip():
            raise LocalFailure("xop_invalid", "xop:Include is not the only content of its parent")
        parent.remove(node)
        parent.text = base64.b64encode(by_id[cid]).decode("ascii")


# --------------------------------------------------------------------- commands


def b64(data):
    return base64.b64encode(data).decode("ascii")


def cmd_send(c, args):
    with open(args.package, "rb") as f:
        package = f.read()
    digest = hashlib.sha256(package).digest()
    if args.tamper_digest:
        digest = hashlib.sha256(package + b"tampered").digest()  # for the negative test
    operation = "SendStatus" if args.message_type == "status" else "SendDocument"
    ix = c.interchange(
        MessageId=args.message_id,
        To=args.to,
        MessageType=args.message_type,
        DocumentId=args.document_id,
        Payload={"Digest": {"_value_1": digest, "Algorithm": SHA256_URI}, "Size": len(package)},
    )
    r = c.call(operation, ix, Package=package)
    return {
        "operation": operation,
        "messageId": r.MessageId,
        "messageType": r.MessageType,
        "documentId": r.DocumentId,
        "acceptedAt": xsd_datetime(r.AcceptedAt),
        "node": r.Node,
        "payloadDigest": b64(r.PayloadDigest._value_1),
        "duplicate": r.Duplicate,
        "recipients": [
            {"organId": x.OrganId, "outcome": x.Outcome, "nextNode": x.NextNode, "detail": x.Detail}
            for x in r.Recipient
        ],
    }


def cmd_pending(c, args):
    r = c.call(
        "GetPendingDocuments",
        c.interchange(),
        OrganId=c.organ,
        MessageType=args.message_type,
        Max=args.max,
    )
    return {
        "operation": "GetPendingDocuments",
        "more": r.More,
        "pending": [
            {
                "messageId": p.MessageId,
                "messageType": p.MessageType,
                "documentId": p.DocumentId,
                "from": p.From,
                "receivedAt": xsd_datetime(p.ReceivedAt),
                "size": p.Size,
                "subject": p.Subject,
            }
            for p in (r.Pending or [])
        ],
    }


def cmd_get(c, args):
    r = c.call("GetDocument", c.interchange(), OrganId=c.organ, MessageId=args.message_id)
    package = r.Package
    ix = r.Interchange
    payload = ix.Payload
    # The package bytes are covered by the signed Payload digest, not by the XML signature.
    if payload is None or payload.Digest.Algorithm != SHA256_URI:
        raise LocalFailure("payload_digest_mismatch", "no SHA-256 payload digest in the envelope")
    actual = hashlib.sha256(package).digest()
    if actual != payload.Digest._value_1 or len(package) != payload.Size:
        raise LocalFailure("payload_digest_mismatch", "the package does not match its signed digest")
    tmp = args.out + ".part"
    with open(tmp, "wb") as f:
        f.write(package)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, args.out)
    return {
        "operation": "GetDocument",
        "messageId": ix.MessageId,
        "messageType": ix.MessageType,
        "documentId": ix.DocumentId,
        "from": ix.From,
        "to": list(ix.To or []),
        "size": len(package),
        "sha256": b64(actual),
        "out": args.out,
    }


def cmd_confirm(c, args):
    r = c.call("ConfirmReceived", c.interchange(), OrganId=c.organ, MessageId=args.message_id)
    return {
        "operation": "ConfirmReceived",
        "messageId": r.MessageId,
        "confirmedAt": xsd_datetime(r.ConfirmedAt),
        "alreadyConfirmed": r.AlreadyConfirmed,
        "statusSent": r.StatusSent,
    }


def fault_json(fault):
    out = {"ok": False, "fault": None, "soapFaultCode": fault.code, "message": fault.message}
    detail = fault.detail
    info = None if detail is None else detail.find("{%s}InterchangeFault" % EX)
    if info is not None:
        out["fault"] = info.findtext("{%s}Code" % EX)
        out["message"] = info.findtext("{%s}Message" % EX)
        out["correlationId"] = info.findtext("{%s}CorrelationId" % EX)
        out["retryable"] = info.findtext("{%s}Retryable" % EX) == "true"
    return out


def parser():
    p = argparse.ArgumentParser(description="zeep client of the edXML exchange service")
    p.add_argument("--wsdl", required=True, help="path of edxml-exchange.wsdl (with its schemas)")
    p.add_argument("--address", required=True, help="the node's service URL")
    p.add_argument("--organ", required=True, help="the organ code this client acts for (From)")
    p.add_argument("--key", required=True, help="the organ's private key, PEM (PKCS#8)")
    p.add_argument("--cert", required=True, help="the organ's certificate, PEM")
    p.add_argument("--node-cert", required=True, help="the node's certificate, PEM")
    p.add_argument("--timeout", type=float, default=30.0, help="HTTP timeout in seconds")
    p.add_argument("--dump-dir", help="write each response envelope into this folder")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("send", help="SendDocument (or SendStatus with --message-type status)")
    s.add_argument("--to", action="append", required=True, help="a recipient organ; repeatable")
    s.add_argument("--document-id", required=True, help="the edXML DocumentId of the package")
    s.add_argument("--package", required=True, help="the package file")
    s.add_argument("--message-type", choices=["edoc", "status"], default="edoc")
    s.add_argument("--message-id", help="default: a new UUID")
    s.add_argument("--tamper-digest", action="store_true", help="test only: state a wrong digest")
    s.add_argument("--unsigned", action="store_true", help="test only: send without WS-Security")
    s.set_defaults(run=cmd_send)

    s = sub.add_parser("pending", help="GetPendingDocuments for --organ")
    s.add_argument("--max", type=int)
    s.add_argument("--message-type", choices=["edoc", "status"])
    s.set_defaults(run=cmd_pending)

    s = sub.add_parser("get", help="GetDocument: write the package bytes to --out")
    s.add_argument("--message-id", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(run=cmd_get)

    s = sub.add_parser("confirm", help="ConfirmReceived")
    s.add_argument("--message-id", required=True)
    s.set_defaults(run=cmd_confirm)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    client = None
    try:
        client = ExchangeClient(args)
        result = args.run(client, args)
        out = {"ok": True, "responseSigned": client.wsse.response_signed}
        out.update(result)
        print(json.dumps(out, ensure_ascii=False))
        return 0
    except Fault as fault:
        out = fault_json(fault)
        out["responseSigned"] = client.wsse.response_signed if client else None
        if client and client.wsse.problem:
            out["responseSignatureProblem"] = client.wsse.problem
        print(json.dumps(out, ensure_ascii=False))
        return 1
    except LocalFailure as e:
        print(json.dumps({"ok": False, "error": e.code, "message": str(e)}, ensure_ascii=False))
        return 3
    except (TransportError, requests.RequestException) as e:
        print(json.dumps({"ok": False, "error": "transport_error", "message": str(e)}))
        return 3
    except Exception as e:  # any other failure still ends as one JSON line
        print(json.dumps({"ok": False, "error": "client_error", "message": repr(e)}))
        return 3


if __name__ == "__main__":
    sys.exit(main())

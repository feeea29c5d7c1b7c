package vn.edxml.validation.internal;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import vn.edxml.validation.PackageKind;
import vn.edxml.validation.RuleCode;
import vn.edxml.xml.EdxmlNames;

/** The rules a schema cannot state, run on the header tree once the package has been read. */
final class Rules {

  /** edXML dates and timestamps are Vietnam local time, whatever the machine's zone. */
  static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

  /** Clock skew allowed before a timestamp counts as in the future. */
  private static final long FUTURE_TOLERANCE_MINUTES = 60;

  private static final Set<String> STATUS_CODES =
      Set.of("01", "02", "03", "04", "05", "06", "13", "15", "16");

  private static final List<String> RECOMMENDED_FROM =
      List.of("OrganizationInCharge", "OrganAdd", "Email", "Telephone", "Fax", "Website");
  private static final List<String> RECOMMENDED_HEADER =
      List.of("DueDate", "SteeringType", "ToPlaces");

  private static final Pattern MIME =
      Pattern.compile(
          "(application|audio|font|image|message|model|multipart|text|video)/"
              + "[a-z0-9][a-z0-9!#$&^_.+\\-]*(\\s*;.*)?",
          Pattern.CASE_INSENSITIVE);

  /** The VNPT SDK's own pseudo types (application/doc for a .doc, and so on). */
  private static final Set<String> PSEUDO_TYPES =
      Set.of(
          "application/doc",
          "application/docx",
          "application/xsl",
          "application/xslx",
          "application/xls",
          "application/xlsx");

  private static final Map<String, Set<String>> TYPES_BY_EXTENSION = new HashMap<>();

  static {
    TYPES_BY_EXTENSION.put("pdf", Set.of("application/pdf"));
    TYPES_BY_EXTENSION.put("doc", Set.of("application/msword"));
    TYPES_BY_EXTENSION.put(
        "docx", Set.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
    TYPES_BY_EXTENSION.put("xls", Set.of("application/vnd.ms-excel"));
    TYPES_BY_EXTENSION.put(
        "xlsx", Set.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    TYPES_BY_EXTENSION.put("odt", Set.of("application/vnd.oasis.opendocument.text"));
    TYPES_BY_EXTENSION.put("ods", Set.of("application/vnd.oasis.opendocument.spreadsheet"));
    TYPES_BY_EXTENSION.put("rtf", Set.of("application/rtf", "text/rtf"));
    TYPES_BY_EXTENSION.put("txt", Set.of("text/plain"));
    TYPES_BY_EXTENSION.put("xml", Set.of("application/xml", "text/xml"));
    TYPES_BY_EXTENSION.put("zip", Set.of("application/zip", "application/x-zip-compressed"));
    TYPES_BY_EXTENSION.put("jpg", Set.of("image/jpeg"));
    TYPES_BY_EXTENSION.put("jpeg", Set.of("image/jpeg"));
    TYPES_BY_EXTENSION.put("png", Set.of("image/png"));
    TYPES_BY_EXTENSION.put("tif", Set.of("image/tiff"));
    TYPES_BY_EXTENSION.put("tiff", Set.of("image/tiff"));
  }

  private final FindingSink sink;
  private final Clock clock;
  private final Node root;

  private Rules(FindingSink sink, Clock clock, Node root) {
    this.sink = sink;
    this.clock = clock;
    this.root = root;
  }

  static void check(Node root, PackageKind kind, FindingSink sink, Clock clock) {
    new Rules(sink, clock, root).run(kind);
  }

  private void run(PackageKind kind) {
    Optional<Node> header = root.path("edXMLEnvelope/edXMLHeader");
    Optional<Node> message = header.flatMap(h -> h.child("MessageHeader"));
    organIds();
    dates();
    documentIdForms();
    message.ifPresent(this::responseFor);
    if (kind == PackageKind.EDOC) {
      message.ifPresent(this::documentHeader);
      header.flatMap(h -> h.child("TraceHeaderList")).ifPresent(this::business);
      header.ifPresent(h -> signature(h, true));
      attachments();
    } else if (kind == PackageKind.STATUS) {
      message.ifPresent(this::status);
      header.ifPresent(h -> signature(h, false));
    }
  }

  // ---------------------------------------------------------------- organ codes

  private void organIds() {
    for (Node n : root.descendants("OrganId")) {
      String id = n.text();
      if (id.isEmpty() || Formats.ORGAN_STRICT.matcher(id).matches()) {
        continue;
      }
      if (Formats.ORGAN_LENIENT.matcher(id).matches()) {
        sink.add(RuleCode.ORGAN_ID_NONSTANDARD, n, id);
      } else {
        sink.add(RuleCode.ORGAN_ID_FORMAT, n, id);
      }
    }
  }

  // ---------------------------------------------------------------- dates

  private void dates() {
    LocalDate today = LocalDate.now(clock.withZone(VIETNAM));
    LocalDateTime latest =
        LocalDateTime.now(clock.withZone(VIETNAM)).plusMinutes(FUTURE_TOLERANCE_MINUTES);
    for (Node n : root.descendants("PromulgationDate")) {
      date(n, false).ifPresent(d -> future(n, d.isAfter(today), today.toString()));
    }
    for (Node n : root.descendants("DueDate")) {
      date(n, true);
    }
    for (Node n : root.descendants("Timestamp")) {
      String text = n.text();
      Formats.Parsed<LocalDateTime> t = Formats.timestamp(text);
      if (!t.wellFormed()) {
        sink.addVariant(RuleCode.DATE_INVALID, "timestamp_format", n, text);
      } else if (!t.real()) {
        sink.add(RuleCode.DATE_INVALID, n, text);
      } else {
        future(n, t.value().isAfter(latest), today.toString());
      }
    }
  }

  private Optional<LocalDate> date(Node n, boolean emptyAllowed) {
    String text = n.text();
    if (text.isEmpty() && emptyAllowed) {
      return Optional.empty();
    }
    Formats.Parsed<LocalDate> d = Formats.date(text);
    if (!d.wellFormed()) {
      sink.addVariant(RuleCode.DATE_INVALID, "format", n, text);
    } else if (!d.real()) {
      sink.add(RuleCode.DATE_INVALID, n, text);
    }
    return Optional.ofNullable(d.value());
  }

  private void future(Node n, boolean inFuture, String today) {
    if (inFuture) {
      sink.add(RuleCode.DATE_IN_FUTURE, n, n.text(), today);
    }
  }

  private static Optional<LocalDate> realDate(Optional<String> text) {
    return text.map(Formats::date).map(Formats.Parsed::value);
  }

  // ---------------------------------------------------------------- DocumentIds

  private void documentIdForms() {
    for (Node n : root.descendants("DocumentId")) {
      String text = n.text();
      if (text.isEmpty()) {
        continue; // the schema reports an empty DocumentId; Bussiness rules report a missing one
      }
      Optional<Formats.DocumentId> id = Formats.documentId(text);
      if (id.isEmpty()) {
        sink.add(RuleCode.DOCUMENT_ID_FORMAT, n, text);
      } else if (id.get().date() == null) {
        sink.add(RuleCode.DOCUMENT_ID_DATE_INVALID, n, text, id.get().dateText());
      }
    }
  }

  private Optional<Formats.DocumentId> documentId(Node parent) {
    return parent.textAt("DocumentId").flatMap(Formats::documentId);
  }

  private void mismatch(Node at, String documentId, String element, String inId, String other) {
    if (!inId.equals(other)) {
      sink.add(RuleCode.DOCUMENT_ID_MISMATCH, at, documentId, element, inId, other);
    }
  }

  /** ResponseFor: its DocumentId must agree with its OrganId, PromulgationDate and Code. */
  private void responseFor(Node message) {
    for (Node rf : message.children("ResponseFor")) {
      Optional<Formats.DocumentId> id = documentId(rf);
      if (id.isEmpty()) {
        continue;
      }
      String text = rf.textAt("DocumentId").orElse("");
      rf.path("OrganId")
          .ifPresent(n -> mismatch(n, text, "ResponseFor/OrganId", id.get().organ(), n.text()));
      rf.path("PromulgationDate")
          .ifPresent(
              n ->
                  mismatch(n, text, "ResponseFor/PromulgationDate", id.get().dateText(), n.text()));
      rf.path("Code")
          .ifPresent(n -> mismatch(n, text, "ResponseFor/Code", id.get().code(), n.text()));
    }
  }

  // ---------------------------------------------------------------- document header

  private void documentHeader(Node message) {
    Optional<Node> documentIdNode = message.child("DocumentId");
    Optional<Formats.DocumentId> id = documentId(message);
    if (id.isPresent()) {
      String text = documentIdNode.get().text();
      Node at = documentIdNode.get();
      message
          .textAt("From/OrganId")
          .ifPresent(v -> mismatch(at, text, "From/OrganId", id.get().organ(), v));
      message
          .textAt("PromulgationInfo/PromulgationDate")
          .ifPresent(
              v -> mismatch(at, text, "PromulgationInfo/PromulgationDate", id.get().dateText(), v));
      Optional<String> number = message.textAt("Code/CodeNumber");
      Optional<String> notation = message.textAt("Code/CodeNotation");
      if (number.isPresent() && notation.isPresent()) {
        mismatch(at, text, "Code", id.get().code(), number.get() + "/" + notation.get());
      }
    }

    Set<String> recipients = new HashSet<>();
    for (Node to : message.children("To")) {
      to.path("OrganId")
          .ifPresent(
              n -> {
                if (!n.text().isEmpty() && !recipients.add(n.text())) {
                  sink.add(RuleCode.DUPLICATE_RECIPIENT, n, n.text());
                }
              });
    }

    message
        .child("From")
        .ifPresent(
            from -> {
              for (String name : RECOMMENDED_FROM) {
                if (from.child(name).isEmpty()) {
                  sink.add(RuleCode.RECOMMENDED_ELEMENT_MISSING, from, name);
                }
              }
            });
    for (String name : RECOMMENDED_HEADER) {
      if (message.child(name).isEmpty()) {
        sink.add(RuleCode.RECOMMENDED_ELEMENT_MISSING, message, name);
      }
    }

    Optional<LocalDate> promulgated = realDate(message.textAt("PromulgationInfo/PromulgationDate"));
    if (promulgated.isPresent()) {
      String p = message.textAt("PromulgationInfo/PromulgationDate").orElse("");
      message
          .child("DueDate")
          .ifPresent(
              due ->
                  realDate(Optional.of(due.text()))
                      .filter(d -> d.isBefore(promulgated.get()))
                      .ifPresent(
                          d ->
                              sink.add(
                                  RuleCode.DATE_ORDER,
                                  due,
                                  "DueDate",
                                  due.text(),
                                  "PromulgationDate",
                                  p)));
      root.path("edXMLEnvelope/edXMLHeader/TraceHeaderList")
          .ifPresent(
              list -> {
                for (Node trace : list.children("TraceHeader")) {
                  trace
                      .child("Timestamp")
                      .ifPresent(
                          ts -> {
                            LocalDateTime t = Formats.timestamp(ts.text()).value();
                            if (t != null && t.toLocalDate().isBefore(promulgated.get())) {
                              sink.add(
                                  RuleCode.DATE_ORDER,
                                  ts,
                                  "TraceHeader/Timestamp",
                                  ts.text(),
                                  "PromulgationDate",
                                  p);
                            }
                          });
                }
              });
    }
  }

  // ---------------------------------------------------------------- business block

  private void business(Node traceHeaderList) {
    Optional<Node> block = traceHeaderList.child("Bussiness");
    if (block.isEmpty()) {
      sink.add(RuleCode.BUSINESS_BLOCK_MISSING, traceHeaderList);
      return;
    }
    Node b = block.get();
    int type;
    try {
      type = Integer.parseInt(b.textAt("BussinessDocType").orElse(""));
    } catch (NumberFormatException e) {
      return; // the schema reports it
    }
    Optional<Node> documentId = b.child("DocumentId").filter(n -> !n.text().isEmpty());
    List<Node> updateInfo = b.children("BussinessDocumentInfo");
    List<Node> replacements = b.children("ReplacementInfoList");
    String t = Integer.toString(type);
    if (type == 0) {
      documentId.ifPresent(n -> sink.add(RuleCode.BUSINESS_DOCUMENT_ID_UNEXPECTED, n, n.text()));
    } else if (type >= 1 && type <= 3 && documentId.isEmpty()) {
      sink.add(RuleCode.BUSINESS_DOCUMENT_ID_MISSING, b, t);
    }
    if (type == 2 && updateInfo.isEmpty()) {
      sink.add(RuleCode.BUSINESS_INFO_MISSING, b, t, "BussinessDocumentInfo");
    }
    if (type == 3
        && replacements.stream().allMatch(list -> list.children("ReplacementInfo").isEmpty())) {
      sink.add(RuleCode.BUSINESS_INFO_MISSING, b, t, "ReplacementInfoList/ReplacementInfo");
    }
    if (type != 2) {
      updateInfo.forEach(n -> sink.add(RuleCode.BUSINESS_INFO_UNEXPECTED, n, t, n.name()));
    }
    if (type != 3) {
      replacements.forEach(n -> sink.add(RuleCode.BUSINESS_INFO_UNEXPECTED, n, t, n.name()));
    }
    for (Node info : updateInfo) {
      if ("1".equals(info.textAt("DocumentReceiver").orElse(""))
          && info.path("ReceiverList/Receiver").isEmpty()) {
        sink.add(RuleCode.BUSINESS_INFO_MISSING, info, t, "ReceiverList/Receiver");
      }
    }
    Set<String> replaced = new HashSet<>();
    for (Node list : replacements) {
      for (Node info : list.children("ReplacementInfo")) {
        info.child("DocumentId")
            .filter(n -> !n.text().isEmpty() && !replaced.add(n.text()))
            .ifPresent(n -> sink.add(RuleCode.DUPLICATE_REPLACEMENT, info, n.text()));
      }
    }
  }

  // ---------------------------------------------------------------- status

  private void status(Node message) {
    Optional<Node> codeNode = message.child("StatusCode");
    String code = codeNode.map(Node::text).orElse("");
    codeNode
        .filter(n -> !STATUS_CODES.contains(code))
        .ifPresent(n -> sink.add(RuleCode.STATUS_CODE_UNKNOWN, n, code));
    if ("02".equals(code) && message.textAt("Description").orElse("").isBlank()) {
      sink.add(RuleCode.STATUS_DESCRIPTION_MISSING, message.child("Description").orElse(message));
    }
    Optional<Node> rf = message.child("ResponseFor");
    if ("13".equals(code) && rf.isPresent()) {
      Optional<String> issuer =
          documentId(rf.get()).map(Formats.DocumentId::organ).or(() -> rf.get().textAt("OrganId"));
      message
          .path("From/OrganId")
          .filter(n -> issuer.isPresent() && !issuer.get().equals(n.text()))
          .ifPresent(n -> sink.add(RuleCode.STATUS_SENDER_NOT_ISSUER, n, n.text(), issuer.get()));
    }
    if (rf.isPresent()) {
      Optional<String> dateText =
          rf.get()
              .textAt("PromulgationDate")
              .filter(s -> Formats.date(s).real())
              .or(() -> documentId(rf.get()).filter(d -> d.date() != null).map(d -> d.dateText()));
      Optional<Node> ts = message.child("Timestamp");
      if (dateText.isPresent() && ts.isPresent()) {
        LocalDate doc = Formats.date(dateText.get()).value();
        LocalDateTime t = Formats.timestamp(ts.get().text()).value();
        if (t != null && t.toLocalDate().isBefore(doc)) {
          sink.add(
              RuleCode.DATE_ORDER,
              ts.get(),
              "Timestamp",
              ts.get().text(),
              "ResponseFor/PromulgationDate",
              dateText.get());
        }
      }
    }
  }

  // ---------------------------------------------------------------- signature

  private void signature(Node header, boolean required) {
    Optional<Node> found = header.child("Signature");
    if (found.isEmpty()) {
      if (required) {
        sink.add(RuleCode.SIGNATURE_MISSING, header);
      }
      return;
    }
    Node sig = found.get();
    if (!EdxmlNames.XMLDSIG_NS.equals(sig.namespace())) {
      sink.add(RuleCode.SIGNATURE_NAMESPACE, sig, sig.namespace());
    }
    for (String name : List.of("SignatureMethod", "DigestMethod")) {
      for (Node n : sig.descendants(name)) {
        String algorithm = n.attribute("Algorithm").orElse("");
        String a = algorithm.toLowerCase(Locale.ROOT);
        if (a.contains("sha1") || a.contains("md5")) {
          sink.add(RuleCode.SIGNATURE_WEAK_ALGORITHM, n, name, algorithm);
        }
      }
    }
    for (Node n : sig.descendants("X509Certificate")) {
      if (!isCertificate(n.text())) {
        sink.addVariant(RuleCode.SIGNATURE_PLACEHOLDER, "certificate", n, n.text());
      }
    }
    for (Node n : sig.descendants("SignatureValue")) {
      if (decode(n.text()).map(b -> b.length < 64).orElse(true)) {
        sink.addVariant(RuleCode.SIGNATURE_PLACEHOLDER, "value", n, n.text());
      }
    }
  }

  private static Optional<byte[]> decode(String base64) {
    try {
      return Optional.of(Base64.getMimeDecoder().decode(base64.replaceAll("\\s+", "")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isCertificate(String base64) {
    Optional<byte[]> der = decode(base64);
    if (der.isEmpty() || der.get().length < 100) {
      return false;
    }
    try {
      CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der.get()));
      return true;
    } catch (CertificateException | RuntimeException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- manifest and attachments

  private void attachments() {
    Map<String, Node> references = new LinkedHashMap<>();
    root.path("edXMLEnvelope/edXMLBody/edXMLManifest")
        .ifPresent(
            manifest -> {
              for (Node ref : manifest.children("Reference")) {
                ref.child("ContentId").ifPresent(n -> index(references, ref, n));
              }
            });
    Map<String, Node> attachments = new LinkedHashMap<>();
    root.child("AttachmentEncoded")
        .ifPresent(
            encoded -> {
              for (Node att : encoded.children("Attachment")) {
                att.child("ContentId").ifPresent(n -> index(attachments, att, n));
              }
            });
    references.forEach(
        (id, ref) -> {
          if (!attachments.containsKey(id)) {
            sink.add(RuleCode.REFERENCE_WITHOUT_ATTACHMENT, ref.child("ContentId").get(), id);
          }
        });
    attachments.forEach(
        (id, att) -> {
          if (!references.containsKey(id)) {
            sink.add(RuleCode.ATTACHMENT_WITHOUT_REFERENCE, att.child("ContentId").get(), id);
          }
        });
    root.child("AttachmentEncoded")
        .ifPresent(
            encoded -> {
              for (Node att : encoded.children("Attachment")) {
                attachment(att, att.child("ContentId").map(n -> references.get(key(n))));
              }
            });
  }

  private static String key(Node contentId) {
    return Formats.contentId(contentId.text());
  }

  private void index(Map<String, Node> map, Node owner, Node contentId) {
    String id = key(contentId);
    if (id.isEmpty()) {
      return; // the schema reports an empty ContentId
    }
    if (map.putIfAbsent(id, owner) != null) {
      sink.add(RuleCode.CONTENT_ID_DUPLICATE, contentId, id);
    }
  }

  private void attachment(Node att, Optional<Node> reference) {
    att.child("ContentTransferEncoded")
        .filter(n -> n.base64() != null)
        .ifPresent(
            n -> {
              Base64Checker b = n.base64();
              if (!b.valid()) {
                String ch =
                    b.problem() == Base64Checker.Problem.BAD_LENGTH
                        ? ""
                        : String.format(Locale.ROOT, "U+%04X", b.problemChar());
                sink.addVariant(
                    RuleCode.BASE64_INVALID,
                    b.problem().name().toLowerCase(Locale.ROOT),
                    n,
                    b.problemOffset(),
                    ch);
              } else if (b.decodedBytes() == 0) {
                sink.add(RuleCode.ATTACHMENT_EMPTY, n);
              }
            });
    String name = att.textAt("AttachmentName").orElse("");
    Optional<Node> typeNode = att.child("ContentType");
    String type = typeNode.map(Node::text).orElse("");
    reference.ifPresent(
        ref -> {
          for (String field : List.of("AttachmentName", "ContentType")) {
            String inRef = ref.textAt(field).orElse("");
            String inAtt = att.textAt(field).orElse("");
            if (!inRef.equalsIgnoreCase(inAtt)) {
              sink.add(
                  RuleCode.ATTACHMENT_METADATA_MISMATCH,
                  att.child(field).orElse(att),
                  field,
                  inAtt,
                  inRef);
            }
          }
        });
    if (typeNode.isEmpty() || type.isEmpty()) {
      return;
    }
    String base = type.toLowerCase(Locale.ROOT).replaceAll("\\s*;.*$", "");
    if (!MIME.matcher(type).matches() || PSEUDO_TYPES.contains(base)) {
      sink.add(RuleCode.CONTENT_TYPE_NONSTANDARD, typeNode.get(), type);
      return;
    }
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    Set<String> expected = TYPES_BY_EXTENSION.get(extension);
    if (expected != null && !expected.contains(base) && !"application/octet-stream".equals(base)) {
      sink.addVariant(RuleCode.CONTENT_TYPE_MISMATCH, "name", typeNode.get(), type, name);
      return;
    }
    Optional<Node> content = att.child("ContentTransferEncoded").filter(n -> n.base64() != null);
    if (content.isPresent() && content.get().base64().valid()) {
      byte[] head = content.get().base64().head();
      boolean zip = startsWith(head, 'P', 'K', 3, 4);
      boolean pdf = startsWith(head, '%', 'P', 'D', 'F');
      if (("application/zip".equals(base) && !zip && head.length >= 4)
          || ("application/pdf".equals(base) && !pdf && head.length >= 4)) {
        sink.addVariant(RuleCode.CONTENT_TYPE_MISMATCH, "payload", typeNode.get(), type, name);
      }
    }
  }

  private static boolean startsWith(byte[] head, int... magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}

package vn.edxml.model;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import vn.edxml.model.internal.Jaxb;
import vn.edxml.model.internal.OwnEnvelopes;
import vn.edxml.schema.edoc.Appendixes;
import vn.edxml.schema.edoc.Body;
import vn.edxml.schema.edoc.Bussiness;
import vn.edxml.schema.edoc.BussinessDocumentInfo;
import vn.edxml.schema.edoc.Code;
import vn.edxml.schema.edoc.EdocEnvelope;
import vn.edxml.schema.edoc.EdocHeader;
import vn.edxml.schema.edoc.EdocMessageHeader;
import vn.edxml.schema.edoc.Manifest;
import vn.edxml.schema.edoc.OrganIdList;
import vn.edxml.schema.edoc.OtherInfo;
import vn.edxml.schema.edoc.PromulgationInfo;
import vn.edxml.schema.edoc.Receiver;
import vn.edxml.schema.edoc.ReceiverList;
import vn.edxml.schema.edoc.Reference;
import vn.edxml.schema.edoc.ReplacementInfo;
import vn.edxml.schema.edoc.ReplacementInfoList;
import vn.edxml.schema.edoc.SignerInfo;
import vn.edxml.schema.edoc.ToPlaces;
import vn.edxml.schema.edoc.TraceHeaderList;

/**
 * A document package (gói tin văn bản): the edXML header (metadata, trace, business block, optional
 * signature), the body manifest, and the attachments. Immutable and thread-safe.
 *
 * <p>Make one with {@link #builder()}:
 *
 * <pre>{@code
 * Edoc edoc = Edoc.builder()
 *     .from(sender).to(receiver)
 *     .code("123", "UBND-VP")
 *     .promulgated("Hà Nội", LocalDate.of(2026, 11, 20))
 *     .type(1, "Công văn")
 *     .subject("V/v triển khai liên thông văn bản")
 *     .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
 *     .attach(Path.of("cv-123.pdf"), "application/pdf")
 *     .build();
 * }</pre>
 *
 * <p>The accessors cover what every user needs; {@link #envelope()} gives the full parsed header
 * for anything else. A package built here always has every value; one read from elsewhere keeps
 * what its producer wrote, so an accessor of a required element returns null (or an empty string)
 * where the producer left the element out. The validator reports such packages.
 */
public final class Edoc implements EdxmlPackage {

  static {
    OwnEnvelopes.edocAccess(p -> p.envelope);
  }

  private final EdocEnvelope envelope;
  private final List<Attachment> attachments;

  private final Organ from;
  private final List<Organ> to;
  private final String documentId;
  private final DocumentCode code;
  private final String promulgationPlace;
  private final LocalDate promulgationDate;
  private final DocumentType documentType;
  private final String subject;
  private final String content;
  private final Signer signer;
  private final LocalDate dueDate;
  private final Priority priority;
  private final int steeringType;
  private final List<String> toPlaces;
  private final List<ResponseFor> responseFor;
  private final List<TraceHeader> traces;
  private final BusinessDocType businessDocType;
  private final String businessDocumentId;
  private final List<StaffInfo> staff;

  /** Takes ownership of {@code envelope}: callers pass a fresh or copied tree. */
  private Edoc(EdocEnvelope envelope, List<Attachment> attachments) {
    this.envelope = Objects.requireNonNull(envelope, "envelope");
    this.attachments = List.copyOf(attachments);
    EdocHeader header = envelope.getEdXMLHeader();
    EdocMessageHeader h = header == null ? null : header.getMessageHeader();
    if (h == null) {
      throw new IllegalArgumentException("An edoc envelope needs edXMLHeader/MessageHeader");
    }
    this.from = JaxbMapping.organ(h.getFrom());
    this.to = h.getTo().stream().map(JaxbMapping::organ).toList();
    this.documentId = h.getDocumentId();
    Code c = h.getCode();
    this.code = c == null ? null : new DocumentCode(c.getCodeNumber(), c.getCodeNotation());
    PromulgationInfo p = h.getPromulgationInfo();
    this.promulgationPlace = p == null ? null : p.getPlace();
    this.promulgationDate = p == null ? null : p.getPromulgationDate();
    vn.edxml.schema.edoc.DocumentType t = h.getDocumentType();
    this.documentType = t == null ? null : new DocumentType(t.getType(), t.getTypeName());
    this.subject = h.getSubject();
    this.content = h.getContent();
    SignerInfo s = h.getSignerInfo();
    this.signer =
        s == null ? null : new Signer(s.getCompetence(), s.getPosition(), s.getFullName());
    this.dueDate = h.getDueDate();
    OtherInfo o = h.getOtherInfo();
    this.priority = o == null ? Priority.NORMAL : Priority.fromCode(o.getPriority());
    this.steeringType = h.getSteeringType() == null ? 0 : h.getSteeringType();
    this.toPlaces = h.getToPlaces() == null ? List.of() : List.copyOf(h.getToPlaces().getPlace());
    this.responseFor = h.getResponseFor().stream().map(JaxbMapping::responseFor).toList();
    TraceHeaderList traceList = header.getTraceHeaderList();
    this.traces = JaxbMapping.traces(traceList);
    Bussiness b = traceList == null ? null : traceList.getBussiness();
    this.businessDocType =
        b == null ? BusinessDocType.NEW : BusinessDocType.fromCode(b.getBussinessDocType());
    this.businessDocumentId = b == null ? null : Organ.emptyToNull(b.getDocumentId());
    this.staff = b == null ? List.of() : b.getStaffInfo().stream().map(JaxbMapping::staff).toList();
  }

  /**
   * A document from a parsed (or hand-made) envelope and its attachments. The envelope is copied,
   * so later changes to it do not affect this document.
   *
   * @throws IllegalArgumentException if the envelope has no MessageHeader, or a coded value
   *     (Priority, BussinessDocType) outside its list
   */
  public static Edoc fromEnvelope(EdocEnvelope envelope, List<Attachment> attachments) {
    return new Edoc(Jaxb.copy(Objects.requireNonNull(envelope, "envelope")), attachments);
  }

  /** A builder for a new document. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String messageType() {
    return "edoc";
  }

  /**
   * A copy of the full header and body manifest as parsed (the generated JAXB form). Changing the
   * copy does not change this document; use {@link #fromEnvelope} to make a changed one.
   */
  public EdocEnvelope envelope() {
    return Jaxb.copy(envelope);
  }

  @Override
  public Organ from() {
    return from;
  }

  /** The main recipients (MessageHeader/To), in order. */
  public List<Organ> to() {
    return to;
  }

  /**
   * MessageHeader/DocumentId as written. Usually {@code OrganId,yyyy/MM/dd,Number/Notation}, but
   * real producers also write other values: see {@link #parsedDocumentId()}.
   */
  public String documentId() {
    return documentId;
  }

  /** The DocumentId when it has the canonical form (with a real calendar date). */
  public Optional<DocumentId> parsedDocumentId() {
    return DocumentId.tryParse(documentId);
  }

  /** Number and notation (MessageHeader/Code). */
  public DocumentCode code() {
    return code;
  }

  /** PromulgationInfo/Place. */
  public String promulgationPlace() {
    return promulgationPlace;
  }

  /** PromulgationInfo/PromulgationDate. */
  public LocalDate promulgationDate() {
    return promulgationDate;
  }

  public DocumentType documentType() {
    return documentType;
  }

  /** Trích yếu. */
  public String subject() {
    return subject;
  }

  /** Summary content, often equal to the subject. */
  public String content() {
    return content;
  }

  public Signer signer() {
    return signer;
  }

  /** Processing deadline (hạn xử lý), if any. */
  public Optional<LocalDate> dueDate() {
    return Optional.ofNullable(dueDate);
  }

  /** OtherInfo/Priority; {@link Priority#NORMAL} if OtherInfo is absent. */
  public Priority priority() {
    return priority;
  }

  /** SteeringType; 0 (not steering) if absent. */
  public int steeringType() {
    return steeringType;
  }

  /** ToPlaces/Place: recipients listed for information, not the routing list. */
  public List<String> toPlaces() {
    return toPlaces;
  }

  /** Earlier documents this one answers or refers to. */
  public List<ResponseFor> responseFor() {
    return responseFor;
  }

  /** TraceHeaderList/TraceHeader entries, in order. */
  public List<TraceHeader> traces() {
    return traces;
  }

  /** Bussiness/BussinessDocType; {@link BusinessDocType#NEW} if the block is absent. */
  public BusinessDocType businessDocType() {
    return businessDocType;
  }

  /** Bussiness/DocumentId: the document revoked, updated or replaced, if written. */
  public Optional<String> businessDocumentId() {
    return Optional.ofNullable(businessDocumentId);
  }

  /** Bussiness/StaffInfo entries. */
  public List<StaffInfo> staff() {
    return staff;
  }

  /** Whether the header carries a Signature (QCVN or XML-DSig namespace); not verified here. */
  public boolean hasSignature() {
    EdocHeader header = envelope.getEdXMLHeader();
    return header.getSignature() != null || header.getAny() != null;
  }

  /** The attachments, in package order. */
  public List<Attachment> attachments() {
    return attachments;
  }

  /** The attachment with this ContentId (with or without {@code cid:}). */
  public Optional<Attachment> attachment(String contentId) {
    String id = Attachment.stripCid(contentId);
    return attachments.stream().filter(a -> a.contentId().equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return "Edoc[" + documentId + ", " + attachments.size() + " attachment(s)]";
  }

  /**
   * Builds a new document. Required: {@link #from}, at least one {@link #to}, {@link #code}, {@link
   * #promulgated}, {@link #type}, {@link #subject} and {@link #signer}. Everything else has the
   * default real producers use:
   *
   * <ul>
   *   <li>DocumentId: {@code <sender OrganId>,<promulgation date>,<number>/<notation>};
   *   <li>Content: the subject; DueDate: an empty tag; ToPlaces: an empty list;
   *   <li>OtherInfo: priority 0 (Thường), empty sphere of promulgation and typer notation, 1 copy,
   *       1 page; SteeringType 0 (not steering);
   *   <li>TraceHeaderList: one TraceHeader for the sender at the builder clock's current time;
   *   <li>Bussiness: a new document (type 0, "Văn bản điện tử mới"), no paper copy; {@link
   *       #revokes}, {@link #updates} and {@link #replaces} change it;
   *   <li>attachment ContentIds: 1, 2, … unless an attachment brings its own.
   * </ul>
   *
   * <p>A builder is not thread-safe; the documents it makes are.
   */
  public static final class Builder {
    private Clock clock = Clock.system(VIETNAM);
    private Organ from;
    private final List<Organ> to = new ArrayList<>();
    private String documentId;
    private String codeNumber;
    private String codeNotation;
    private String place;
    private LocalDate promulgationDate;
    private DocumentType type;
    private String subject;
    private String content;
    private Signer signer;
    private LocalDate dueDate;
    private Priority priority = Priority.NORMAL;
    private String sphereOfPromulgation = "";
    private String typerNotation = "";
    private long copies = 1;
    private long pages = 1;
    private final List<String> appendixes = new ArrayList<>();
    private final List<ResponseFor> responseFor = new ArrayList<>();
    private int steeringType = 0;
    private final List<String> toPlaces = new ArrayList<>();
    private BusinessDocType businessType = BusinessDocType.NEW;
    private String businessDocumentId;
    private String businessReason;
    private boolean paper;
    private boolean documentInfoChanged;
    private final Map<String, Boolean> receiverChanges = new LinkedHashMap<>();
    private final Map<String, List<String>> replacements = new LinkedHashMap<>();
    private final List<StaffInfo> staff = new ArrayList<>();
    private final List<Attachment> attachments = new ArrayList<>();

    private Builder() {}

    /** The clock for the TraceHeader timestamp; its zone gives the local time written. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The sending organ. */
    public Builder from(Organ sender) {
      this.from = Objects.requireNonNull(sender, "sender");
      return this;
    }

    /** Adds main recipients (MessageHeader/To). */
    public Builder to(Organ... receivers) {
      for (Organ receiver : receivers) {
        to.add(Objects.requireNonNull(receiver, "receiver"));
      }
      return this;
    }

    /** Sets the DocumentId instead of deriving it from sender, date and code. */
    public Builder documentId(String documentId) {
      this.documentId = Organ.requireText(documentId, "documentId");
      return this;
    }

    /** Number (số) and notation (ký hiệu), e.g. {@code ("123", "UBND-VP")}. */
    public Builder code(String number, String notation) {
      this.codeNumber = Organ.requireText(number, "code number");
      this.codeNotation = Objects.requireNonNull(notation, "notation").strip();
      return this;
    }

    /** Place and date of promulgation. */
    public Builder promulgated(String place, LocalDate date) {
      this.place = Objects.requireNonNull(place, "place");
      this.promulgationDate = Objects.requireNonNull(date, "date");
      return this;
    }

    /** DocumentType/Type and TypeName, e.g. {@code (1, "Công văn")}. */
    public Builder type(int type, String name) {
      this.type = new DocumentType(type, Objects.requireNonNull(name, "name"));
      return this;
    }

    /** Trích yếu; required and not blank. */
    public Builder subject(String subject) {
      this.subject = Organ.requireText(subject, "subject");
      return this;
    }

    /** Summary content; the subject if not given. */
    public Builder content(String content) {
      this.content = Objects.requireNonNull(content, "content");
      return this;
    }

    public Builder signer(String competence, String position, String fullName) {
      this.signer = new Signer(competence, position, Organ.requireText(fullName, "fullName"));
      return this;
    }

    /** Processing deadline; none (an empty DueDate tag) if not given. */
    public Builder dueDate(LocalDate dueDate) {
      this.dueDate = dueDate;
      return this;
    }

    public Builder priority(Priority priority) {
      this.priority = Objects.requireNonNull(priority, "priority");
      return this;
    }

    /** OtherInfo/SphereOfPromulgation, e.g. {@code Liên thông văn bản quốc gia}. */
    public Builder sphereOfPromulgation(String sphere) {
      this.sphereOfPromulgation = Objects.requireNonNull(sphere, "sphere");
      return this;
    }

    /** OtherInfo/TyperNotation: initials of the drafting unit or person. */
    public Builder typerNotation(String typerNotation) {
      this.typerNotation = Objects.requireNonNull(typerNotation, "typerNotation");
      return this;
    }

    /** OtherInfo/PromulgationAmount: copies issued. */
    public Builder copies(long copies) {
      this.copies = requireUnsignedInt(copies, "copies");
      return this;
    }

    /** OtherInfo/PageAmount. */
    public Builder pages(long pages) {
      this.pages = requireUnsignedInt(pages, "pages");
      return this;
    }

    /** Adds an OtherInfo/Appendixes/Appendix title. */
    public Builder appendix(String title) {
      appendixes.add(Objects.requireNonNull(title, "title"));
      return this;
    }

    /** Adds a reference to an earlier document this one answers. */
    public Builder responseFor(ResponseFor reference) {
      responseFor.add(Objects.requireNonNull(reference, "reference"));
      return this;
    }

    /** Adds a reference to {@code earlier}. */
    public Builder responseFor(Edoc earlier) {
      return responseFor(ResponseFor.of(earlier));
    }

    /** SteeringType, 0 to 3 (0 = not steering, the default). */
    public Builder steeringType(int steeringType) {
      if (steeringType < 0 || steeringType > 3) {
        throw new IllegalArgumentException("SteeringType must be 0 to 3: " + steeringType);
      }
      this.steeringType = steeringType;
      return this;
    }

    /** Adds ToPlaces/Place entries (nơi nhận, for information). */
    public Builder toPlaces(String... places) {
      for (String p : places) {
        toPlaces.add(Objects.requireNonNull(p, "place"));
      }
      return this;
    }

    /** Bussiness/Paper: whether a paper copy is also sent. */
    public Builder paper(boolean paper) {
      this.paper = paper;
      return this;
    }

    /** Bussiness/BussinessDocReason; the type's usual wording if not given. */
    public Builder businessReason(String reason) {
      this.businessReason = Objects.requireNonNull(reason, "reason");
      return this;
    }

    /** Adds a Bussiness/StaffInfo: the clerk sending the package. */
    public Builder staff(StaffInfo clerk) {
      staff.add(Objects.requireNonNull(clerk, "clerk"));
      return this;
    }

    /** Makes this package revoke (thu hồi) the document {@code documentId}. */
    public Builder revokes(String documentId) {
      businessType = BusinessDocType.REVOKE;
      businessDocumentId = Organ.requireText(documentId, "documentId");
      return this;
    }

    /**
     * Makes this package update (cập nhật) the document {@code documentId}.
     *
     * @param documentInfoChanged whether its metadata changed (BussinessDocumentInfo/DocumentInfo);
     *     receiver changes are added with {@link #receiverAdded} and {@link #receiverRemoved}
     */
    public Builder updates(String documentId, boolean documentInfoChanged) {
      businessType = BusinessDocType.UPDATE;
      businessDocumentId = Organ.requireText(documentId, "documentId");
      this.documentInfoChanged = documentInfoChanged;
      return this;
    }

    /** In an update, an organ added to the receivers (ReceiverType 1). */
    public Builder receiverAdded(String organId) {
      receiverChanges.put(Organ.requireText(organId, "organId"), true);
      return this;
    }

    /** In an update, an organ removed from the receivers (ReceiverType 0). */
    public Builder receiverRemoved(String organId) {
      receiverChanges.put(Organ.requireText(organId, "organId"), false);
      return this;
    }

    /**
     * Makes this package replace (thay thế) the document {@code documentId} held by {@code
     * holders}; call again to replace several. The first replaced document is also written as
     * Bussiness/DocumentId.
     */
    public Builder replaces(String documentId, String... holders) {
      String id = Organ.requireText(documentId, "documentId");
      if (holders.length == 0) {
        throw new IllegalArgumentException("A replaced document needs at least one holder organ");
      }
      businessType = BusinessDocType.REPLACE;
      if (businessDocumentId == null || replacements.isEmpty()) {
        businessDocumentId = id;
      }
      List<String> list = replacements.computeIfAbsent(id, k -> new ArrayList<>());
      for (String holder : holders) {
        list.add(Organ.requireText(holder, "holder organId"));
      }
      return this;
    }

    /** Attaches a file, named after it, with ContentId 1, 2, … in order. */
    public Builder attach(Path file, String contentType) {
      return attach(
          Attachment.builder()
              .content(file)
              .contentType(contentType)
              .contentId(String.valueOf(attachments.size() + 1))
              .build());
    }

    /** Attaches an attachment as it is (its ContentId must be unique in the package). */
    public Builder attach(Attachment attachment) {
      attachments.add(Objects.requireNonNull(attachment, "attachment"));
      return this;
    }

    /**
     * @throws IllegalStateException naming the first missing required value, or a business block
     *     that does not fit together (receiver changes outside an update, duplicate ContentIds)
     */
    public Edoc build() {
      require(from, "from(sender)");
      if (to.isEmpty()) {
        throw new IllegalStateException("An edoc needs at least one to(receiver)");
      }
      require(codeNumber, "code(number, notation)");
      require(promulgationDate, "promulgated(place, date)");
      require(type, "type(code, name)");
      require(subject, "subject(text)");
      require(signer, "signer(competence, position, fullName)");
      if (!receiverChanges.isEmpty() && businessType != BusinessDocType.UPDATE) {
        throw new IllegalStateException("receiverAdded/receiverRemoved need updates(documentId)");
      }
      Set<String> ids = new HashSet<>();
      for (Attachment a : attachments) {
        if (!ids.add(a.contentId())) {
          throw new IllegalStateException("Duplicate attachment ContentId: " + a.contentId());
        }
      }
      return new Edoc(envelope(), attachments);
    }

    private EdocEnvelope envelope() {
      EdocMessageHeader h = new EdocMessageHeader();
      h.setFrom(JaxbMapping.edocOrganization(from));
      to.forEach(o -> h.getTo().add(JaxbMapping.edocOrganization(o)));
      h.setDocumentId(
          documentId != null
              ? documentId
              : DocumentId.of(from.organId(), promulgationDate, codeNumber, codeNotation)
                  .toString());
      Code c = new Code();
      c.setCodeNumber(codeNumber);
      c.setCodeNotation(codeNotation);
      h.setCode(c);
      PromulgationInfo p = new PromulgationInfo();
      p.setPlace(place);
      p.setPromulgationDate(promulgationDate);
      h.setPromulgationInfo(p);
      vn.edxml.schema.edoc.DocumentType t = new vn.edxml.schema.edoc.DocumentType();
      t.setType(type.type());
      t.setTypeName(type.name());
      h.setDocumentType(t);
      h.setSubject(subject);
      h.setContent(content != null ? content : subject);
      SignerInfo s = new SignerInfo();
      s.setCompetence(signer.competence());
      s.setPosition(signer.position());
      s.setFullName(signer.fullName());
      h.setSignerInfo(s);
      h.setDueDate(dueDate);
      OtherInfo o = new OtherInfo();
      o.setPriority(priority.code());
      o.setSphereOfPromulgation(sphereOfPromulgation);
      o.setTyperNotation(typerNotation);
      o.setPromulgationAmount(copies);
      o.setPageAmount(pages);
      if (!appendixes.isEmpty()) {
        Appendixes list = new Appendixes();
        list.getAppendix().addAll(appendixes);
        o.setAppendixes(list);
      }
      h.setOtherInfo(o);
      responseFor.forEach(r -> h.getResponseFor().add(JaxbMapping.edocResponseFor(r)));
      h.setSteeringType(steeringType);
      ToPlaces places = new ToPlaces();
      places.getPlace().addAll(toPlaces);
      h.setToPlaces(places);

      TraceHeaderList traces = new TraceHeaderList();
      vn.edxml.schema.edoc.TraceHeader trace = new vn.edxml.schema.edoc.TraceHeader();
      trace.setOrganId(from.organId());
      trace.setTimestamp(LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS));
      traces.getTraceHeader().add(trace);
      traces.setBussiness(bussiness());

      EdocHeader header = new EdocHeader();
      header.setMessageHeader(h);
      header.setTraceHeaderList(traces);

      Manifest manifest = new Manifest();
      manifest.setVersion("1.0");
      for (Attachment a : attachments) {
        Reference r = new Reference();
        r.setContentId("cid:" + a.contentId());
        r.setContentType(a.contentType());
        r.setDescription(a.description().orElse(null));
        r.setAttachmentName(a.name());
        manifest.getReference().add(r);
      }
      Body body = new Body();
      body.setEdXMLManifest(manifest);

      EdocEnvelope envelope = new EdocEnvelope();
      envelope.setEdXMLHeader(header);
      envelope.setEdXMLBody(body);
      return envelope;
    }

    private Bussiness bussiness() {
      Bussiness b = new Bussiness();
      b.setDocumentId(businessDocumentId);
      b.setBussinessDocType(businessType.code());
      b.setBussinessDocReason(
          businessReason != null ? businessReason : businessType.defaultReason());
      b.setPaper(paper ? 1 : 0);
      if (businessType == BusinessDocType.UPDATE) {
        BussinessDocumentInfo info = new BussinessDocumentInfo();
        info.setDocumentInfo(documentInfoChanged ? 1 : 0);
        info.setDocumentReceiver(receiverChanges.isEmpty() ? 0 : 1);
        if (!receiverChanges.isEmpty()) {
          ReceiverList list = new ReceiverList();
          receiverChanges.forEach(
              (organId, added) -> {
                Receiver r = new Receiver();
                r.setOrganId(organId);
                r.setReceiverType(added ? 1 : 0);
                list.getReceiver().add(r);
              });
          info.setReceiverList(list);
        }
        b.getBussinessDocumentInfo().add(info);
      }
      if (businessType == BusinessDocType.REPLACE) {
        ReplacementInfoList list = new ReplacementInfoList();
        replacements.forEach(
            (id, holders) -> {
              ReplacementInfo info = new ReplacementInfo();
              info.setDocumentId(id);
              OrganIdList organs = new OrganIdList();
              organs.getOrganId().addAll(holders);
              info.setOrganIdList(organs);
              list.getReplacementInfo().add(info);
            });
        b.getReplacementInfoList().add(list);
      }
      staff.forEach(s -> b.getStaffInfo().add(JaxbMapping.edocStaff(s)));
      return b;
    }

    private static void require(Object value, String call) {
      if (value == null) {
        throw new IllegalStateException("An edoc needs " + call);
      }
    }

    private static long requireUnsignedInt(long value, String what) {
      if (value < 0 || value > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException(what + " must be 0 to 4294967295: " + value);
      }
      return value;
    }
  }
}

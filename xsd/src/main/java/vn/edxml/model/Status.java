package vn.edxml.model;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import vn.edxml.model.internal.Jaxb;
import vn.edxml.model.internal.OwnEnvelopes;
import vn.edxml.schema.status.StatusEnvelope;
import vn.edxml.schema.status.StatusHeader;
import vn.edxml.schema.status.StatusMessageHeader;

/**
 * A status package (gói tin trạng thái): an organ reports what happened to a document. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * Status accepted = Status.builder()
 *     .from(receiver)
 *     .responseFor(edoc)
 *     .code(StatusCode.ACCEPTED)
 *     .description("Văn thư đã tiếp nhận văn bản")
 *     .build();
 * }</pre>
 *
 * <p>As for {@link Edoc}, a status read from elsewhere keeps what its producer wrote; accessors of
 * required elements return null where the producer left them out.
 */
public final class Status implements EdxmlPackage {

  static {
    OwnEnvelopes.statusAccess(p -> p.envelope);
  }

  private final StatusEnvelope envelope;
  private final Organ from;
  private final ResponseFor responseFor;
  private final StatusCode statusCode;
  private final String description;
  private final LocalDateTime timestamp;
  private final StaffInfo staff;

  /** Takes ownership of {@code envelope}. */
  private Status(StatusEnvelope envelope) {
    this.envelope = Objects.requireNonNull(envelope, "envelope");
    StatusHeader header = envelope.getEdXMLHeader();
    StatusMessageHeader h = header == null ? null : header.getMessageHeader();
    if (h == null) {
      throw new IllegalArgumentException("A status envelope needs edXMLHeader/MessageHeader");
    }
    this.from = JaxbMapping.organ(h.getFrom());
    this.responseFor = JaxbMapping.responseFor(h.getResponseFor());
    this.statusCode =
        StatusCode.fromCode(h.getStatusCode())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "StatusCode must be 01-06, 13, 15 or 16, not " + h.getStatusCode()));
    this.description = h.getDescription();
    this.timestamp = h.getTimestamp();
    this.staff = JaxbMapping.staff(h.getStaffInfo());
  }

  /**
   * A status from a parsed (or hand-made) envelope, which is copied.
   *
   * @throws IllegalArgumentException if the envelope has no MessageHeader or an unknown StatusCode
   */
  public static Status fromEnvelope(StatusEnvelope envelope) {
    return new Status(Jaxb.copy(Objects.requireNonNull(envelope, "envelope")));
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String messageType() {
    return "status";
  }

  /** A copy of the full header as parsed; changing it does not change this status. */
  public StatusEnvelope envelope() {
    return Jaxb.copy(envelope);
  }

  /** The organ issuing the status (usually the document's receiver; its issuer for 13). */
  @Override
  public Organ from() {
    return from;
  }

  /** The document this status is about. */
  public ResponseFor responseFor() {
    return responseFor;
  }

  public StatusCode statusCode() {
    return statusCode;
  }

  /** Reason or comment. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** When the status was issued (local time as written, no zone). */
  public LocalDateTime timestamp() {
    return timestamp;
  }

  /** The person who acted. */
  public Optional<StaffInfo> staff() {
    return Optional.ofNullable(staff);
  }

  @Override
  public String toString() {
    return "Status["
        + statusCode.code()
        + " "
        + statusCode.englishName()
        + " for "
        + (responseFor == null ? null : responseFor.documentId())
        + "]";
  }

  /**
   * Builds a new status. Required: {@link #from}, {@link #responseFor} and {@link #code}. The
   * description defaults to the code's Vietnamese name, except for {@link StatusCode#REJECTED},
   * which needs a reason; the timestamp defaults to the clock's current time. Not thread-safe.
   */
  public static final class Builder {
    private Clock clock = Clock.system(VIETNAM);
    private Organ from;
    private ResponseFor responseFor;
    private StatusCode code;
    private String description;
    private StaffInfo staff;
    private LocalDateTime timestamp;

    private Builder() {}

    /** The clock for the default timestamp; its zone gives the local time written. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The organ issuing the status. */
    public Builder from(Organ organ) {
      this.from = Objects.requireNonNull(organ, "organ");
      return this;
    }

    /** The document the status is about. */
    public Builder responseFor(Edoc edoc) {
      return responseFor(ResponseFor.of(Objects.requireNonNull(edoc, "edoc")));
    }

    /** The document the status is about, by its fields. */
    public Builder responseFor(ResponseFor reference) {
      this.responseFor = Objects.requireNonNull(reference, "reference");
      return this;
    }

    public Builder code(StatusCode code) {
      this.code = Objects.requireNonNull(code, "code");
      return this;
    }

    /** Reason or comment; required for {@link StatusCode#REJECTED}. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The person who acted. */
    public Builder staff(StaffInfo staff) {
      this.staff = Objects.requireNonNull(staff, "staff");
      return this;
    }

    /** Sets the timestamp instead of taking the clock's time. */
    public Builder timestamp(LocalDateTime timestamp) {
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
      return this;
    }

    /**
     * @throws IllegalStateException naming the first missing required value
     */
    public Status build() {
      if (from == null) {
        throw new IllegalStateException("A status needs from(organ)");
      }
      if (responseFor == null) {
        throw new IllegalStateException("A status needs responseFor(edoc or reference)");
      }
      if (code == null) {
        throw new IllegalStateException("A status needs code(StatusCode)");
      }
      if (code == StatusCode.REJECTED && (description == null || description.isBlank())) {
        throw new IllegalStateException("A rejection (02) needs description(reason)");
      }
      StatusMessageHeader h = new StatusMessageHeader();
      h.setFrom(JaxbMapping.statusOrganization(from));
      h.setResponseFor(JaxbMapping.statusResponseFor(responseFor));
      if (staff != null) {
        h.setStaffInfo(JaxbMapping.statusStaff(staff));
      }
      h.setStatusCode(code.code());
      h.setDescription(description != null ? description : code.vietnameseName());
      h.setTimestamp(
          timestamp != null
              ? timestamp.truncatedTo(ChronoUnit.SECONDS)
              : LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS));
      StatusHeader header = new StatusHeader();
      header.setMessageHeader(h);
      StatusEnvelope envelope = new StatusEnvelope();
      envelope.setEdXMLHeader(header);
      return new Status(envelope);
    }
  }
}

package vn.edxml.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An organ (cơ quan) as written in From and To: its identifier code (mã định danh), name and
 * contact details. Immutable. Optional fields are empty when not known; writers emit an empty tag
 * for them, as the standard requires the tags to exist.
 *
 * <pre>{@code
 * Organ vpcp = Organ.builder("000.00.00.G22", "Văn phòng Chính phủ")
 *     .address("16 Lê Hồng Phong, Ba Đình, Hà Nội")
 *     .email("vpcp@chinhphu.vn")
 *     .build();
 * }</pre>
 */
public final class Organ {

  private final String organId;
  private final String name;
  private final String organizationInCharge;
  private final String address;
  private final String email;
  private final String telephone;
  private final String fax;
  private final String website;

  private Organ(Builder b, boolean lenient) {
    this.organId = lenient ? nullToEmpty(b.organId).strip() : requireText(b.organId, "organId");
    this.name = lenient ? nullToEmpty(b.name) : requireText(b.name, "name");
    this.organizationInCharge = emptyToNull(b.organizationInCharge);
    this.address = emptyToNull(b.address);
    this.email = emptyToNull(b.email);
    this.telephone = emptyToNull(b.telephone);
    this.fax = emptyToNull(b.fax);
    this.website = emptyToNull(b.website);
  }

  /** An organ with only its code and name. */
  public static Organ of(String organId, String name) {
    return builder(organId, name).build();
  }

  public static Builder builder(String organId, String name) {
    return new Builder().organId(organId).name(name);
  }

  /** A builder pre-filled with this organ's values. */
  public Builder toBuilder() {
    return new Builder()
        .organId(organId)
        .name(name)
        .organizationInCharge(organizationInCharge)
        .address(address)
        .email(email)
        .telephone(telephone)
        .fax(fax)
        .website(website);
  }

  /**
   * The organ identifier code (OrganId), e.g. {@code 000.00.00.G22}. Never blank for organs made by
   * the builder; empty only if a package read from elsewhere left it blank.
   */
  public String organId() {
    return organId;
  }

  /** OrganName. */
  public String name() {
    return name;
  }

  /** OrganizationInCharge: the managing (parent) organ's name. */
  public Optional<String> organizationInCharge() {
    return Optional.ofNullable(organizationInCharge);
  }

  /** OrganAdd. */
  public Optional<String> address() {
    return Optional.ofNullable(address);
  }

  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  public Optional<String> telephone() {
    return Optional.ofNullable(telephone);
  }

  public Optional<String> fax() {
    return Optional.ofNullable(fax);
  }

  public Optional<String> website() {
    return Optional.ofNullable(website);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Organ other
        && organId.equals(other.organId)
        && name.equals(other.name)
        && Objects.equals(organizationInCharge, other.organizationInCharge)
        && Objects.equals(address, other.address)
        && Objects.equals(email, other.email)
        && Objects.equals(telephone, other.telephone)
        && Objects.equals(fax, other.fax)
        && Objects.equals(website, other.website);
  }

  @Override
  public int hashCode() {
    return Objects.hash(organId, name, organizationInCharge, address, email, telephone, fax);
  }

  @Override
  public String toString() {
    return organId + " (" + name + ")";
  }

  static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value.strip();
  }

  static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Builds an {@link Organ}; organId and name are required. */
  public static final class Builder {
    private String organId;
    private String name;
    private String organizationInCharge;
    private String address;
    private String email;
    private String telephone;
    private String fax;
    private String website;

    private Builder() {}

    public Builder organId(String organId) {
      this.organId = organId;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder organizationInCharge(String organizationInCharge) {
      this.organizationInCharge = organizationInCharge;
      return this;
    }

    public Builder address(String address) {
      this.address = address;
      return this;
    }

    public Builder email(String email) {
      this.email = email;
      return this;
    }

    public Builder telephone(String telephone) {
      this.telephone = telephone;
      return this;
    }

    public Builder fax(String fax) {
      this.fax = fax;
      return this;
    }

    public Builder website(String website) {
      this.website = website;
      return this;
    }

    /**
     * @throws IllegalArgumentException if organId or name is blank
     */
    public Organ build() {
      return new Organ(this, false);
    }

    /** For packages read from elsewhere: a blank code or name is kept as an empty string. */
    Organ buildLenient() {
      return new Organ(this, true);
    }
  }
}

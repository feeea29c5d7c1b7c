package vn.edxml.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The clerk who handled a package (StaffInfo). Every field is optional.
 *
 * <pre>{@code
 * StaffInfo clerk = StaffInfo.builder().staff("Nguyễn Thị A").department("Văn thư").build();
 * }</pre>
 */
public final class StaffInfo {

  private final String department;
  private final String departmentId;
  private final String staff;
  private final String staffId;
  private final String email;
  private final String mobile;

  private StaffInfo(Builder b) {
    this.department = Organ.emptyToNull(b.department);
    this.departmentId = Organ.emptyToNull(b.departmentId);
    this.staff = Organ.emptyToNull(b.staff);
    this.staffId = Organ.emptyToNull(b.staffId);
    this.email = Organ.emptyToNull(b.email);
    this.mobile = Organ.emptyToNull(b.mobile);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> department() {
    return Optional.ofNullable(department);
  }

  /** DepartmentId (VNPT extension). */
  public Optional<String> departmentId() {
    return Optional.ofNullable(departmentId);
  }

  /** The clerk's name (Staff). */
  public Optional<String> staff() {
    return Optional.ofNullable(staff);
  }

  /** StaffId (VNPT extension). */
  public Optional<String> staffId() {
    return Optional.ofNullable(staffId);
  }

  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  public Optional<String> mobile() {
    return Optional.ofNullable(mobile);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StaffInfo other
        && Objects.equals(department, other.department)
        && Objects.equals(departmentId, other.departmentId)
        && Objects.equals(staff, other.staff)
        && Objects.equals(staffId, other.staffId)
        && Objects.equals(email, other.email)
        && Objects.equals(mobile, other.mobile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(department, departmentId, staff, staffId, email, mobile);
  }

  @Override
  public String toString() {
    return "StaffInfo[" + staff + ", " + department + "]";
  }

  /** Builds a {@link StaffInfo}. */
  public static final class Builder {
    private String department;
    private String departmentId;
    private String staff;
    private String staffId;
    private String email;
    private String mobile;

    private Builder() {}

    public Builder department(String department) {
      this.department = department;
      return this;
    }

    public Builder departmentId(String departmentId) {
      this.departmentId = departmentId;
      return this;
    }

    /** The clerk's name. */
    public Builder staff(String staff) {
      this.staff = staff;
      return this;
    }

    public Builder staffId(String staffId) {
      this.staffId = staffId;
      return this;
    }

    public Builder email(String email) {
      this.email = email;
      return this;
    }

    public Builder mobile(String mobile) {
      this.mobile = mobile;
      return this;
    }

    public StaffInfo build() {
      return new StaffInfo(this);
    }
  }
}

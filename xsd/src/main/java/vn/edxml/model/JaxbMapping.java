package vn.edxml.model;

import java.util.List;

/**
 * Conversions between the hand-written model and the generated JAXB types. The generated edoc and
 * status packages each have their own copy of the shared types, hence the pairs of methods.
 */
final class JaxbMapping {

  private JaxbMapping() {}

  // ---------------------------------------------------------------- organs

  static Organ organ(vn.edxml.schema.edoc.Organization o) {
    if (o == null) {
      return null;
    }
    return Organ.builder(o.getOrganId(), o.getOrganName())
        .organizationInCharge(o.getOrganizationInCharge())
        .address(o.getOrganAdd())
        .email(o.getEmail())
        .telephone(o.getTelephone())
        .fax(o.getFax())
        .website(o.getWebsite())
        .buildLenient();
  }

  static Organ organ(vn.edxml.schema.status.Organization o) {
    if (o == null) {
      return null;
    }
    return Organ.builder(o.getOrganId(), o.getOrganName())
        .organizationInCharge(o.getOrganizationInCharge())
        .address(o.getOrganAdd())
        .email(o.getEmail())
        .telephone(o.getTelephone())
        .fax(o.getFax())
        .website(o.getWebsite())
        .buildLenient();
  }

  /** Every tag is written, empty when unknown: the standard requires the tags to exist. */
  static vn.edxml.schema.edoc.Organization edocOrganization(Organ organ) {
    vn.edxml.schema.edoc.Organization o = new vn.edxml.schema.edoc.Organization();
    o.setOrganId(organ.organId());
    o.setOrganizationInCharge(organ.organizationInCharge().orElse(""));
    o.setOrganName(organ.name());
    o.setOrganAdd(organ.address().orElse(""));
    o.setEmail(organ.email().orElse(""));
    o.setTelephone(organ.telephone().orElse(""));
    o.setFax(organ.fax().orElse(""));
    o.setWebsite(organ.website().orElse(""));
    return o;
  }

  static vn.edxml.schema.status.Organization statusOrganization(Organ organ) {
    vn.edxml.schema.status.Organization o = new vn.edxml.schema.status.Organization();
    o.setOrganId(organ.organId());
    o.setOrganizationInCharge(organ.organizationInCharge().orElse(""));
    o.setOrganName(organ.name());
    o.setOrganAdd(organ.address().orElse(""));
    o.setEmail(organ.email().orElse(""));
    o.setTelephone(organ.telephone().orElse(""));
    o.setFax(organ.fax().orElse(""));
    o.setWebsite(organ.website().orElse(""));
    return o;
  }

  // ---------------------------------------------------------------- staff

  static StaffInfo staff(vn.edxml.schema.edoc.StaffInfo s) {
    return StaffInfo.builder()
        .department(s.getDepartment())
        .departmentId(s.getDepartmentId())
        .staff(s.getStaff())
        .staffId(s.getStaffId())
        .email(s.getEmail())
        .mobile(s.getMobile())
        .build();
  }

  static StaffInfo staff(vn.edxml.schema.status.StaffInfo s) {
    if (s == null) {
      return null;
    }
    return StaffInfo.builder()
        .department(s.getDepartment())
        .departmentId(s.getDepartmentId())
        .staff(s.getStaff())
        .staffId(s.getStaffId())
        .email(s.getEmail())
        .mobile(s.getMobile())
        .build();
  }

  static vn.edxml.schema.edoc.StaffInfo edocStaff(StaffInfo s) {
    vn.edxml.schema.edoc.StaffInfo o = new vn.edxml.schema.edoc.StaffInfo();
    o.setDepartment(s.department().orElse(null));
    o.setDepartmentId(s.departmentId().orElse(null));
    o.setStaff(s.staff().orElse(null));
    o.setStaffId(s.staffId().orElse(null));
    o.setEmail(s.email().orElse(null));
    o.setMobile(s.mobile().orElse(null));
    return o;
  }

  static vn.edxml.schema.status.StaffInfo statusStaff(StaffInfo s) {
    vn.edxml.schema.status.StaffInfo o = new vn.edxml.schema.status.StaffInfo();
    o.setDepartment(s.department().orElse(null));
    o.setDepartmentId(s.departmentId().orElse(null));
    o.setStaff(s.staff().orElse(null));
    o.setStaffId(s.staffId().orElse(null));
    o.setEmail(s.email().orElse(null));
    o.setMobile(s.mobile().orElse(null));
    return o;
  }

  // ---------------------------------------------------------------- references

  static ResponseFor responseFor(vn.edxml.schema.edoc.ResponseFor r) {
    return new ResponseFor(
        nullToEmpty(r.getOrganId()),
        nullToEmpty(r.getCode()),
        r.getPromulgationDate(),
        nullToEmpty(r.getDocumentId()));
  }

  static ResponseFor responseFor(vn.edxml.schema.status.ResponseFor r) {
    if (r == null) {
      return null;
    }
    return new ResponseFor(
        nullToEmpty(r.getOrganId()),
        nullToEmpty(r.getCode()),
        r.getPromulgationDate(),
        nullToEmpty(r.getDocumentId()));
  }

  static vn.edxml.schema.edoc.ResponseFor edocResponseFor(ResponseFor r) {
    vn.edxml.schema.edoc.ResponseFor o = new vn.edxml.schema.edoc.ResponseFor();
    o.setOrganId(r.organId());
    o.setCode(r.code());
    o.setPromulgationDate(r.promulgationDate());
    o.setDocumentId(r.documentId());
    return o;
  }

  static vn.edxml.schema.status.ResponseFor statusResponseFor(ResponseFor r) {
    vn.edxml.schema.status.ResponseFor o = new vn.edxml.schema.status.ResponseFor();
    o.setOrganId(r.organId());
    o.setCode(r.code());
    o.setPromulgationDate(r.promulgationDate());
    o.setDocumentId(r.documentId());
    return o;
  }

  // ---------------------------------------------------------------- traces

  static List<TraceHeader> traces(vn.edxml.schema.edoc.TraceHeaderList list) {
    if (list == null) {
      return List.of();
    }
    return list.getTraceHeader().stream()
        .map(t -> new TraceHeader(nullToEmpty(t.getOrganId()), t.getTimestamp()))
        .toList();
  }

  static List<TraceHeader> traces(vn.edxml.schema.status.TraceHeaderList list) {
    if (list == null) {
      return List.of();
    }
    return list.getTraceHeader().stream()
        .map(t -> new TraceHeader(nullToEmpty(t.getOrganId()), t.getTimestamp()))
        .toList();
  }

  static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}

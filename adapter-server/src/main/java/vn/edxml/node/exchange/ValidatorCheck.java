package vn.edxml.node.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.fault.NodeFault;
import vn.edxml.validation.EdxmlValidator;
import vn.edxml.validation.Finding;
import vn.edxml.validation.RuleCode;
import vn.edxml.validation.Severity;
import vn.edxml.validation.ValidationReport;

/**
 * The conformance stage: the project's validator (schemas and rules) in the node's configured mode.
 * A refused package's fault names its first errors (code, line:column, XPath) so the sender can fix
 * it; the same check is available offline as {@code edxml validate}.
 */
public final class ValidatorCheck implements PackageCheck {

  private static final Set<RuleCode> UNREADABLE =
      EnumSet.of(
          RuleCode.NOT_XML,
          RuleCode.XML_MALFORMED,
          RuleCode.DTD_FORBIDDEN,
          RuleCode.LIMIT_EXCEEDED,
          RuleCode.NOT_EDXML);
  private static final int SHOWN = 3;

  /** Validator rules that have a more specific code on the wire. */
  private static final java.util.Map<RuleCode, ErrorCode> SPECIFIC =
      java.util.Map.of(
          RuleCode.STATUS_SENDER_NOT_ISSUER, ErrorCode.STATUS_RECALL_NOT_ISSUER,
          RuleCode.STATUS_DESCRIPTION_MISSING, ErrorCode.STATUS_REASON_MISSING);

  private final EdxmlValidator validator;

  public ValidatorCheck(EdxmlValidator validator) {
    this.validator = validator;
  }

  @Override
  public void check(InputStream in, long size) throws IOException {
    ValidationReport report = validator.validate(in, "package");
    if (report.isValid()) {
      return;
    }
    var errors = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
    boolean unreadable = errors.stream().anyMatch(f -> UNREADABLE.contains(f.code()));
    String detail =
        errors.stream().limit(SHOWN).map(ValidatorCheck::describe).collect(Collectors.joining("; "))
            + (errors.size() > SHOWN ? "; and " + (errors.size() - SHOWN) + " more." : "");
    ErrorCode code =
        unreadable
            ? ErrorCode.PACKAGE_UNREADABLE
            : errors.stream()
                .map(f -> SPECIFIC.get(f.code()))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(ErrorCode.SCHEMA_INVALID);
    throw NodeFault.withPublicDetail(code, detail);
  }

  private static String describe(Finding f) {
    String where = f.location().isEmpty() ? "" : " at " + f.location();
    String path = f.xpath().isEmpty() ? "" : " (" + f.xpath() + ")";
    return f.code().id() + where + path + ": " + f.messageEn();
  }
}

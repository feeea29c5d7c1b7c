package vn.edxml.validation;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import vn.edxml.validation.internal.PackageValidation;
import vn.edxml.xml.XmlLimits;

/**
 * Conformance validator for edXML packages (QCVN 102:2016/BTTTT): the package schemas plus the
 * rules a schema cannot state (see {@code xsd/RULES.md}). Immutable and thread-safe; build one and
 * share it.
 *
 * <pre>{@code
 * EdxmlValidator validator = EdxmlValidator.builder().mode(Mode.STRICT).build();
 * ValidationReport report = validator.validate(Path.of("edoc_new.edxml"));
 * report.findings().forEach(f -> System.out.println(f.code().id() + " " + f.messageEn()));
 * }</pre>
 *
 * <p>Input is read once, as a stream: attachment content is checked on the fly and never held in
 * memory; DTDs are refused; no external resource is ever fetched; {@link XmlLimits} bound time and
 * memory for hostile input.
 */
public final class EdxmlValidator {

  private final Mode mode;
  private final XmlLimits limits;
  private final Clock clock;

  private EdxmlValidator(Builder builder) {
    this.mode = builder.mode;
    this.limits = builder.limits;
    this.clock = builder.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A lenient validator with default limits. */
  public static EdxmlValidator lenient() {
    return builder().build();
  }

  public Mode mode() {
    return mode;
  }

  public XmlLimits limits() {
    return limits;
  }

  /**
   * Validates a package file.
   *
   * @throws IOException when the file cannot be read (a missing file, a read error); bad content is
   *     never an exception but a finding
   */
  public ValidationReport validate(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return validate(in, file.toString());
    }
  }

  /**
   * Validates a package read from a stream, which the caller closes.
   *
   * @param name the name reports show for it
   * @throws IOException when the stream cannot be read
   */
  public ValidationReport validate(InputStream in, String name) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    return new PackageValidation(mode, limits, clock).validate(in, name);
  }

  /** Builds an {@link EdxmlValidator}. */
  public static final class Builder {
    private Mode mode = Mode.LENIENT;
    private XmlLimits limits = XmlLimits.DEFAULT;
    private Clock clock = Clock.system(ZoneId.of("Asia/Ho_Chi_Minh"));

    private Builder() {}

    /** {@link Mode#LENIENT} (default) or {@link Mode#STRICT}. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder strict(boolean strict) {
      return mode(strict ? Mode.STRICT : Mode.LENIENT);
    }

    /** Bounds for hostile input; {@link XmlLimits#DEFAULT} by default. */
    public Builder limits(XmlLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The clock for "not in the future" rules (dates are compared in Vietnam time). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public EdxmlValidator build() {
      return new EdxmlValidator(this);
    }
  }
}

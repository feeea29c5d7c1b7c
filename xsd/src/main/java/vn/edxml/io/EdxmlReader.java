package vn.edxml.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.xml.parsers.SAXParser;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import vn.edxml.io.internal.CountingInputStream;
import vn.edxml.io.internal.PackageHandler;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Status;
import vn.edxml.schema.edoc.EdocEnvelope;
import vn.edxml.schema.status.StatusEnvelope;
import vn.edxml.xml.SecureXml;
import vn.edxml.xml.XmlLimits;

/**
 * Reads edXML packages (documents and statuses) into the model, in one streaming pass. Immutable
 * and thread-safe: build one and share it.
 *
 * <pre>{@code
 * EdxmlReader reader = EdxmlReader.builder().attachmentFolder(inbox).build();
 * EdxmlPackage read = reader.read(Path.of("edoc_new.edxml"));
 * }</pre>
 *
 * <p><b>Attachments</b> are decoded from base64 as they are parsed, straight into files, never held
 * in memory. Each read that meets an attachment creates a fresh folder {@code edxml-*} (owner
 * access only where the file system supports it) under the {@linkplain Builder#attachmentFolder
 * attachment folder}, by default {@code java.io.tmpdir}, holding {@code attachment-1.bin}, {@code
 * attachment-2.bin}, … The files belong to the caller, who deletes them (the folder is {@code
 * attachment.file().get().getParent()}) when done. A failed read deletes what it wrote.
 *
 * <p><b>Tolerance.</b> Elements are matched on namespace and local name, never prefix, in any
 * order; elements the schema does not know are skipped unless the reader is {@linkplain
 * Builder#strict strict}. Typed values must be right: an impossible date or a non-number in a typed
 * element is an {@link EdxmlParseException} with its location. Whether a package conforms to the
 * standard is the validator's business, not the reader's.
 *
 * <p><b>Safety.</b> DTDs are refused (no entity expansion, no external resource), and every {@link
 * XmlLimits} bound is enforced; each refusal is an {@link EdxmlParseException} with a stable {@link
 * ParseErrorCode}.
 */
public final class EdxmlReader {

  private final XmlLimits limits;
  private final Path attachmentFolder;
  private final boolean strict;

  private EdxmlReader(Builder b) {
    this.limits = b.limits;
    this.attachmentFolder = b.attachmentFolder;
    this.strict = b.strict;
  }

  /** A reader with the default limits and attachment folder. */
  public static EdxmlReader create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads a package file. */
  public EdxmlPackage read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /**
   * Reads a package from a stream, which is read to its end but not closed.
   *
   * @throws EdxmlParseException if the bytes are not a readable edXML package
   * @throws IOException if reading the stream or writing an attachment file fails
   */
  public EdxmlPackage read(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    PackageHandler handler = new PackageHandler(limits, strict, attachmentFolder);
    boolean ok = false;
    try {
      InputSource source = new InputSource(new CountingInputStream(in, limits.maxDocumentBytes()));
      try (SecureXml.Lease<SAXParser> lease = SecureXml.leaseSaxParser(limits)) {
        lease.get().parse(source, handler);
      }
      EdxmlPackage result = toModel(handler);
      ok = true;
      return result;
    } catch (PackageHandler.Abort e) {
      throw e.error();
    } catch (SAXParseException e) {
      throw classify(e);
    } catch (SAXException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e.getException();
      if (cause instanceof PackageHandler.Abort abort) {
        throw abort.error();
      }
      if (cause instanceof CountingInputStream.LimitExceededException tooLarge) {
        throw new EdxmlParseException(
            ParseErrorCode.LIMIT_EXCEEDED, tooLarge.getMessage(), -1, -1, tooLarge);
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new EdxmlParseException(
          ParseErrorCode.NOT_XML, String.valueOf(e.getMessage()), -1, -1, e);
    } catch (CountingInputStream.LimitExceededException e) {
      throw new EdxmlParseException(ParseErrorCode.LIMIT_EXCEEDED, e.getMessage(), -1, -1, e);
    } finally {
      if (!ok) {
        handler.discardSpool();
      }
    }
  }

  private static EdxmlPackage toModel(PackageHandler handler) throws EdxmlParseException {
    try {
      if (handler.kind() == PackageHandler.Kind.EDOC) {
        return Edoc.fromEnvelope((EdocEnvelope) handler.envelope(), handler.attachments());
      }
      return Status.fromEnvelope((StatusEnvelope) handler.envelope());
    } catch (IllegalArgumentException e) {
      throw new EdxmlParseException(ParseErrorCode.VALUE_INVALID, e.getMessage(), -1, -1, e);
    }
  }

  private static EdxmlParseException classify(SAXParseException e) {
    String message = String.valueOf(e.getMessage());
    ParseErrorCode code;
    if (message.contains("DOCTYPE")) {
      code = ParseErrorCode.DTD_FORBIDDEN;
    } else if (message.contains("JAXP0")) {
      // The JDK's own processing limits (entity expansion, element depth, ...).
      code = ParseErrorCode.LIMIT_EXCEEDED;
    } else {
      code = ParseErrorCode.NOT_XML;
    }
    return new EdxmlParseException(code, message, e.getLineNumber(), e.getColumnNumber(), e);
  }

  /** Configures an {@link EdxmlReader}. */
  public static final class Builder {
    private XmlLimits limits = XmlLimits.DEFAULT;
    private Path attachmentFolder;
    private boolean strict;

    private Builder() {}

    /** The bounds for hostile input; {@link XmlLimits#DEFAULT} if not set. */
    public Builder limits(XmlLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Where each read creates its {@code edxml-*} folder of attachment files; {@code
     * java.io.tmpdir} if not set. Created if missing.
     */
    public Builder attachmentFolder(Path folder) {
      this.attachmentFolder = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /**
     * Whether an element the schema does not allow is an error ({@link
     * ParseErrorCode#ELEMENT_UNEXPECTED}) instead of being skipped. Off by default: the axes carry
     * producer extensions, and the validator reports them.
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    public EdxmlReader build() {
      return new EdxmlReader(this);
    }
  }
}

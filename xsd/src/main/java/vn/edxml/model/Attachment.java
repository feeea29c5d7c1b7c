package vn.edxml.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One attachment of a document package: its manifest data and a source of its bytes that can be
 * opened any number of times. Content is never held in memory: it comes from a file or from a
 * {@link ContentSource} the caller supplies, and readers and writers stream it.
 *
 * <p>{@link #contentId()} is stored without the {@code cid:} prefix that producers write (and that
 * {@code EdxmlWriter} writes back). Payloads are often zipped and labelled {@code application/zip}
 * even when named {@code .doc}: use {@link #isZip()} rather than trusting {@link #contentType()},
 * and {@link #extractZip(Path, ZipLimits)} to unpack one safely.
 *
 * <pre>{@code
 * Attachment pdf = Attachment.of(Path.of("cv-123.pdf"), "application/pdf");
 * }</pre>
 */
public final class Attachment {

  /**
   * Opens the attachment's bytes; called once per read, so it must give the same bytes each time.
   */
  @FunctionalInterface
  public interface ContentSource {
    InputStream open() throws IOException;
  }

  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final String CID = "cid:";

  private final String contentId;
  private final String name;
  private final String contentType;
  private final String description;
  private final Long size;
  private final Path file;
  private final ContentSource source;
  private final String fieldName;
  private final String mimeType;
  private final String format;

  private Attachment(Builder b) {
    this.contentId = b.contentId == null ? UUID.randomUUID().toString() : b.contentId;
    this.name = b.name == null ? (b.file == null ? "" : b.file.getFileName().toString()) : b.name;
    this.contentType = b.contentType == null ? "" : b.contentType;
    this.description = Organ.emptyToNull(b.description);
    this.file = b.file;
    this.source = b.source;
    this.fieldName = b.fieldName;
    this.mimeType = b.mimeType;
    this.format = b.format;
    if (source == null) {
      throw new IllegalStateException(
          "An attachment needs content(Path) or content(ContentSource)");
    }
    Long known = b.size;
    if (known == null && file != null) {
      try {
        known = Files.size(file);
      } catch (IOException e) {
        throw new IllegalArgumentException("Attachment file cannot be read: " + file, e);
      }
    }
    this.size = known;
  }

  /**
   * An attachment from a file, named after the file.
   *
   * @throws IllegalArgumentException if {@code file} is not a readable regular file
   */
  public static Attachment of(Path file, String contentType) {
    return builder().content(file).contentType(contentType).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this attachment's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.contentId = contentId;
    b.name = name;
    b.contentType = contentType;
    b.description = description;
    b.size = size;
    b.file = file;
    b.source = source;
    b.fieldName = fieldName;
    b.mimeType = mimeType;
    b.format = format;
    return b;
  }

  /** ContentId without {@code cid:}; matches the manifest Reference with the same id. */
  public String contentId() {
    return contentId;
  }

  /** AttachmentName: the original file name (empty if the package omitted it). */
  public String name() {
    return name;
  }

  /** ContentType as labelled by the producer (empty if omitted); not to be trusted. */
  public String contentType() {
    return contentType;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The size in bytes if known (always known for files and for attachments read from packages). */
  public OptionalLong size() {
    return size == null ? OptionalLong.empty() : OptionalLong.of(size);
  }

  /** The file holding the bytes, when the content comes from a file. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** FieldName (VNPT extension), if written. */
  public Optional<String> fieldName() {
    return Optional.ofNullable(fieldName);
  }

  /** MimeType (VNPT extension), if written. */
  public Optional<String> mimeType() {
    return Optional.ofNullable(mimeType);
  }

  /** Format (VNPT extension), if written. */
  public Optional<String> format() {
    return Optional.ofNullable(format);
  }

  /** A new stream over the bytes; the caller closes it. */
  public InputStream openStream() throws IOException {
    InputStream in = source.open();
    if (in == null) {
      throw new IOException("The content source of attachment " + contentId + " gave no stream");
    }
    return in;
  }

  /** Whether the bytes start with the zip local-file signature {@code PK\3\4}. */
  public boolean isZip() throws IOException {
    try (InputStream in = openStream()) {
      return Arrays.equals(in.readNBytes(4), ZIP_MAGIC);
    }
  }

  /** {@link #extractZip(Path, ZipLimits)} with {@link ZipLimits#DEFAULT}. */
  public List<Path> extractZip(Path folder) throws IOException {
    return extractZip(folder, ZipLimits.DEFAULT);
  }

  /**
   * Extracts this zipped attachment into {@code folder} (created if missing). Entries that would
   * land outside the folder (absolute names, {@code ..}), existing files, and archives over the
   * limits are refused with {@link UnsafeZipException}; on any failure the files written so far are
   * deleted.
   *
   * @return the extracted files, in archive order
   */
  public List<Path> extractZip(Path folder, ZipLimits limits) throws IOException {
    Objects.requireNonNull(limits, "limits");
    try (InputStream in = openStream()) {
      return SafeUnzip.extract(in, folder, limits);
    }
  }

  /** Removes a leading {@code cid:} (any case) and surrounding whitespace. */
  public static String stripCid(String contentId) {
    if (contentId == null) {
      return null;
    }
    String id = contentId.strip();
    return id.regionMatches(true, 0, CID, 0, CID.length()) ? id.substring(CID.length()) : id;
  }

  @Override
  public String toString() {
    return "Attachment[cid:" + contentId + ", " + name + ", " + contentType + "]";
  }

  /** Builds an {@link Attachment}; content is required. */
  public static final class Builder {
    private String contentId;
    private String name;
    private String contentType;
    private String description;
    private Long size;
    private Path file;
    private ContentSource source;
    private String fieldName;
    private String mimeType;
    private String format;

    private Builder() {}

    /** The id, with or without {@code cid:}; a random UUID if not given. */
    public Builder contentId(String contentId) {
      this.contentId = Organ.emptyToNull(stripCid(contentId));
      return this;
    }

    /** AttachmentName; defaults to the file name for file content. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** The content from a file; also sets the size. */
    public Builder content(Path file) {
      Objects.requireNonNull(file, "file");
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException("Not a readable file: " + file);
      }
      this.file = file;
      this.source = () -> Files.newInputStream(file);
      this.size = null;
      return this;
    }

    /** The content from a source that can be opened repeatedly. */
    public Builder content(ContentSource source) {
      this.source = Objects.requireNonNull(source, "source");
      this.file = null;
      return this;
    }

    /** The size in bytes, when known for a {@link ContentSource}. */
    public Builder size(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("size must not be negative");
      }
      this.size = size;
      return this;
    }

    public Builder fieldName(String fieldName) {
      this.fieldName = fieldName;
      return this;
    }

    public Builder mimeType(String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    public Builder format(String format) {
      this.format = format;
      return this;
    }

    public Attachment build() {
      return new Attachment(this);
    }
  }
}

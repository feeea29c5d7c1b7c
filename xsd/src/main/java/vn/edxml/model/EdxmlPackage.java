package vn.edxml.model;

import java.time.ZoneId;

/**
 * An edXML package: a document ({@link Edoc}, messagetype {@code edoc}) or a status ({@link
 * Status}, messagetype {@code status}). Both are immutable and safe to share between threads.
 *
 * <pre>{@code
 * EdxmlPackage read = reader.read(file);
 * if (read instanceof Edoc edoc) {
 *   archive(edoc);
 * } else if (read instanceof Status status) {
 *   track(status);
 * }
 * }</pre>
 */
public sealed interface EdxmlPackage permits Edoc, Status {

  /**
   * The zone of edXML timestamps, which are written as local time without a zone: the default
   * builder clocks use it.
   */
  ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

  /** The organ that issued the package (MessageHeader/From). */
  Organ from();

  /** {@code edoc} or {@code status}, the transport's messagetype. */
  String messageType();
}

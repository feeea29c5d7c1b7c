package vn.edxml.xml;

/**
 * Bounds applied to every XML document this project parses, so that hostile input is refused in
 * bounded time and memory. The defaults fit the largest real edXML packages with a wide margin.
 *
 * @param maxDepth deepest element nesting (real packages: 8)
 * @param maxElements elements in one document
 * @param maxAttributesPerElement attributes on one element
 * @param maxTextLength characters in one text node, except attachment content
 * @param maxAttachmentChars characters of base64 in one attachment's ContentTransferEncoded
 * @param maxDocumentBytes bytes in one document (package file)
 */
public record XmlLimits(
    int maxDepth,
    long maxElements,
    int maxAttributesPerElement,
    int maxTextLength,
    long maxAttachmentChars,
    long maxDocumentBytes) {

  /** Defaults: depth 64, 1 000 000 elements, 64 attributes, 1 MiB text, 2 GiB package. */
  public static final XmlLimits DEFAULT =
      new XmlLimits(64, 1_000_000, 64, 1 << 20, 3L * (1L << 30), 4L * (1L << 30));

  public XmlLimits {
    if (maxDepth < 8 || maxElements < 100 || maxAttributesPerElement < 4 || maxTextLength < 1024) {
      throw new IllegalArgumentException("XML limits too small to read any edXML package");
    }
    if (maxAttachmentChars < 0 || maxDocumentBytes < 1024) {
      throw new IllegalArgumentException("XML size limits must be positive");
    }
  }

  public XmlLimits withMaxDocumentBytes(long bytes) {
    return new XmlLimits(
        maxDepth, maxElements, maxAttributesPerElement, maxTextLength, maxAttachmentChars, bytes);
  }

  public XmlLimits withMaxAttachmentChars(long chars) {
    return new XmlLimits(
        maxDepth, maxElements, maxAttributesPerElement, maxTextLength, chars, maxDocumentBytes);
  }
}

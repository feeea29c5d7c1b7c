package vn.edxml.model;

/**
 * Bounds for {@link Attachment#extractZip(java.nio.file.Path, ZipLimits)}, so that a zip bomb is
 * refused in bounded time and disk space. Sizes are counted as bytes are actually inflated, never
 * taken from the archive's own (forgeable) headers.
 *
 * @param maxEntries most entries (files and folders) in the archive
 * @param maxTotalBytes most bytes written in total
 */
public record ZipLimits(int maxEntries, long maxTotalBytes) {

  /** 10 000 entries, 1 GiB. */
  public static final ZipLimits DEFAULT = new ZipLimits(10_000, 1L << 30);

  public ZipLimits {
    if (maxEntries < 1 || maxTotalBytes < 0) {
      throw new IllegalArgumentException("Zip limits must be positive");
    }
  }
}

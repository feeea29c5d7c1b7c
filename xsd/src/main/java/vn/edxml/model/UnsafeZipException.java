package vn.edxml.model;

import java.io.IOException;

/**
 * A zipped attachment was refused: an entry would be written outside the target folder, over an
 * existing file, or the archive exceeds its {@link ZipLimits}. Retrying cannot help.
 */
public final class UnsafeZipException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnsafeZipException(String message) {
    super(message);
  }
}

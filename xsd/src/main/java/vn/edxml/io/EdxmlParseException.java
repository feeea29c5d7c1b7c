package vn.edxml.io;

import java.io.IOException;
import java.util.Objects;

/**
 * A package could not be read: it carries a stable {@link #code()} and, where the parser knew it,
 * the line and column (1-based; -1 when unknown). It is an {@link IOException} so that one {@code
 * throws IOException} covers reading, but unlike an I/O failure it is never worth retrying: the
 * same bytes give the same error.
 */
public final class EdxmlParseException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ParseErrorCode code;
  private final int line;
  private final int column;

  public EdxmlParseException(ParseErrorCode code, String message, int line, int column) {
    this(code, message, line, column, null);
  }

  public EdxmlParseException(
      ParseErrorCode code, String message, int line, int column, Throwable cause) {
    super(format(code, message, line, column), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.line = line;
    this.column = column;
  }

  public ParseErrorCode code() {
    return code;
  }

  /** 1-based line, or -1. */
  public int line() {
    return line;
  }

  /** 1-based column, or -1. */
  public int column() {
    return column;
  }

  /** Always false: parse errors are properties of the input. */
  public boolean isRetryable() {
    return false;
  }

  private static String format(ParseErrorCode code, String message, int line, int column) {
    String where = line > 0 ? " at line " + line + (column > 0 ? ", column " + column : "") : "";
    return code.id() + where + ": " + message;
  }
}

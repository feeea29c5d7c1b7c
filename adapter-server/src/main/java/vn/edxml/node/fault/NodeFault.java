package vn.edxml.node.fault;

import vn.edxml.client.ErrorCode;

/**
 * A request cannot be served. The {@link #code()} goes to the caller; {@link #logDetail()} goes
 * only to the node's log (it may name certificates, paths or internal reasons).
 */
public final class NodeFault extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String logDetail;
  private final String publicDetail;

  private NodeFault(ErrorCode code, String publicDetail, String logDetail, Throwable cause) {
    super(code.id() + (logDetail == null ? "" : ": " + logDetail), cause, false, false);
    this.code = code;
    this.publicDetail = publicDetail;
    this.logDetail = logDetail;
  }

  /** A fault whose detail is for the log only. */
  public static NodeFault of(ErrorCode code, String logDetail) {
    return new NodeFault(code, null, logDetail, null);
  }

  /** A fault whose detail is for the log only, with its cause. */
  public static NodeFault of(ErrorCode code, String logDetail, Throwable cause) {
    return new NodeFault(code, null, logDetail, cause);
  }

  /**
   * A fault that also tells the caller what exactly is wrong (e.g. the first validation findings).
   * Never use it for security failures.
   */
  public static NodeFault withPublicDetail(ErrorCode code, String publicDetail) {
    return new NodeFault(code, publicDetail, publicDetail, null);
  }

  public ErrorCode code() {
    return code;
  }

  public String logDetail() {
    return logDetail;
  }

  /** Extra detail safe to show the caller, or null. */
  public String publicDetail() {
    return publicDetail;
  }
}

package vn.edxml.node.exchange;

import org.slf4j.Logger;
import vn.edxml.node.fault.NodeFault;

/** One log line per refused request: operation, correlation id, caller, code, private detail. */
final class FaultLog {

  private FaultLog() {}

  static void log(Logger log, String operation, String cid, String caller, NodeFault fault) {
    if (fault.code().retryable()) {
      log.error(
          "refused operation={} cid={} caller={} code={} detail={}",
          operation,
          cid,
          caller,
          fault.code().id(),
          fault.logDetail(),
          fault.getCause());
    } else {
      log.warn(
          "refused operation={} cid={} caller={} code={} detail={}",
          operation,
          cid,
          caller,
          fault.code().id(),
          fault.logDetail());
    }
  }
}

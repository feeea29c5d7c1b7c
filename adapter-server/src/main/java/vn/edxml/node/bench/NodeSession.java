package vn.edxml.node.bench;

import java.io.OutputStream;
import java.time.ZoneId;
import java.util.Optional;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;
import vn.edxml.client.SendReceipt;
import vn.edxml.model.Edoc;
import vn.edxml.model.Organ;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;

/**
 * One benchmark client of the node, using the client jar vendors embed ({@link EdxmlClient}): in
 * {@code send} mode a unit is one SendDocument; in {@code cycle} mode a unit is the document's
 * whole trip: the sender sends, the receiver lists its pending messages, fetches the document,
 * confirms it and sends status 03 (accepted) back.
 */
final class NodeSession implements LoadRun.Session {

  private final EdxmlClient sender;
  private final EdxmlClient receiver;
  private final String senderCode;
  private final String receiverCode;
  private final Workload workload;
  private final boolean cycle;

  NodeSession(
      EdxmlClient sender,
      EdxmlClient receiver,
      String senderCode,
      String receiverCode,
      Workload workload,
      boolean cycle) {
    this.sender = sender;
    this.receiver = receiver;
    this.senderCode = senderCode;
    this.receiverCode = receiverCode;
    this.workload = workload;
    this.cycle = cycle;
  }

  @Override
  public void run(LoadRun.OperationTimer ops) throws Exception {
    try {
      unit(ops);
    } catch (EdxmlClientException e) {
      throw error(e);
    }
  }

  private void unit(LoadRun.OperationTimer ops) throws Exception {
    Edoc edoc = workload.next(senderCode, receiverCode);
    SendReceipt receipt = ops.time("SendDocument", () -> accepted(sender.send(edoc)));
    if (!cycle) {
      return;
    }
    String id = receipt.messageId();
    Pending pending = ops.time("GetPendingDocuments", () -> accepted(receiver.pending("edoc", 10)));
    if (pending.messages().stream().noneMatch(m -> m.messageId().equals(id))) {
      throw new LoadRun.BenchError(
          "not_pending", "message " + id + " is not in the receiver's pending list");
    }
    ops.time("GetDocument", () -> accepted(receiver.fetch(id, OutputStream.nullOutputStream())));
    ops.time("ConfirmReceived", () -> accepted(receiver.confirm(id)));
    Status status =
        Status.builder()
            .clock(java.time.Clock.system(ZoneId.of("Asia/Ho_Chi_Minh")))
            .from(Organ.of(receiverCode, "Cơ quan " + receiverCode))
            .responseFor(edoc)
            .code(StatusCode.ACCEPTED)
            .build();
    ops.time("SendStatus", () -> accepted(receiver.sendStatus(status)));
  }

  static <T> T accepted(Outcome<T> outcome) throws LoadRun.BenchError {
    Optional<vn.edxml.client.Rejection> rejected = outcome.rejection();
    if (rejected.isPresent()) {
      throw new LoadRun.BenchError(rejected.get().codeId(), rejected.get().message());
    }
    return outcome.value();
  }

  /** Maps a client exception to a stable error code of the report. */
  private static LoadRun.BenchError error(EdxmlClientException e) {
    return new LoadRun.BenchError(e.untrusted() ? "untrusted_answer" : "no_answer", e.getMessage());
  }

  @Override
  public void close() {
    sender.close();
    if (receiver != sender) {
      receiver.close();
    }
  }
}

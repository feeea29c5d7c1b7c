package vn.edxml.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.Organization;
import vn.edxml.client.Outcome;
import vn.edxml.client.SendReceipt;
import vn.edxml.client.internal.PackageFolder;
import vn.edxml.io.EdxmlReader;
import vn.edxml.model.Attachment;
import vn.edxml.model.DocumentId;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Organ;
import vn.edxml.model.ResponseFor;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;

/**
 * {@code edxml status DOCUMENT_ID --code NN}: builds and sends a status package about a document.
 *
 * <p>A status names the document by ResponseFor (issuer, Number/Notation, promulgation date,
 * DocumentId). Those come from the fetched document ({@code --for}: its package file or fetch
 * folder), which is exact; or, without {@code --for}, from a DocumentId in the standard form {@code
 * OrganId,yyyy/MM/dd,Number/Notation}, which carries all of them. {@code --to} names the issuer
 * when it differs from the DocumentId's organ (some producers do that). The node routes the status
 * itself: to the issuer, or for a recall (13) to the document's recipients.
 */
@Command(
    name = "status",
    description = {
      "Send a status package about a document: 01 received, 02 rejected (needs --reason),"
          + " 03 accepted, 04 assigned, 05 processing, 06 completed, 13 recalled (issuer only),"
          + " 15/16 recall agreed/refused.",
      "The document's details come from --for (the fetched package or its folder), or from a"
          + " DocumentId of the form OrganId,yyyy/MM/dd,Number/Notation."
    })
final class StatusCommand extends ClientCommand {

  @Parameters(paramLabel = "DOCUMENT_ID", description = "The document's DocumentId.")
  String documentId;

  @Option(
      names = "--code",
      required = true,
      paramLabel = "NN",
      description = "Status code: 01-06, 13, 15 or 16.")
  String code;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Reason or comment (required for 02; default: the code's name).")
  String reason;

  @Option(
      names = "--for",
      paramLabel = "FILE|DIR",
      description = "The document's package file, or the folder `edxml fetch` made for it.")
  Path document;

  @Option(
      names = "--to",
      paramLabel = "ORGAN",
      description =
          "The document's issuer (ResponseFor/OrganId), when it is not the DocumentId's organ.")
  String issuer;

  private StatusCode statusCode;

  @Override
  void validate(Output out) {
    String c = code.strip();
    if (c.length() == 1 && Character.isDigit(c.charAt(0))) {
      c = "0" + c;
    }
    statusCode =
        StatusCode.fromCode(c)
            .orElseThrow(
                () ->
                    usage(
                        "unknown --code '"
                            + code
                            + "' — use one of "
                            + Arrays.stream(StatusCode.values())
                                .map(StatusCode::code)
                                .collect(Collectors.joining(", "))));
    if (statusCode == StatusCode.REJECTED && (reason == null || reason.isBlank())) {
      throw usage("status 02 (rejected) needs --reason TEXT saying why");
    }
    if (document != null && !Files.exists(document)) {
      throw usage("no such file: " + document + " — give the fetched package or its folder");
    }
  }

  @Override
  int run(EdxmlClient client, ClientConfig settings, Output out) throws IOException {
    ResponseFor about = reference();
    Status.Builder b =
        Status.builder()
            .from(Organ.of(settings.organId(), organName(client, settings)))
            .responseFor(about)
            .code(statusCode);
    if (reason != null && !reason.isBlank()) {
      b.description(reason.strip());
    }
    Status status = b.build();
    Outcome<SendReceipt> outcome = client.sendStatus(status);
    String label = out.t("status ", "trạng thái ") + statusCode.code() + " → " + documentId;
    if (outcome instanceof Outcome.Accepted<SendReceipt> accepted) {
      Receipts.print(out, label, accepted.value());
      return ExitCode.DONE;
    }
    return out.rejected(outcome.rejection().orElseThrow(), label);
  }

  /** ResponseFor from --for, else from the DocumentId's parts. */
  private ResponseFor reference() throws IOException {
    if (document != null) {
      Path file =
          Files.isDirectory(document) ? document.resolve(PackageFolder.PACKAGE_FILE) : document;
      Edoc edoc = readEdoc(file);
      if (!documentId.equals(edoc.documentId())) {
        throw usage(
            file
                + " is the document "
                + edoc.documentId()
                + ", not "
                + documentId
                + " — give the package of the document the status is about");
      }
      ResponseFor r = ResponseFor.of(edoc);
      return issuer == null
          ? r
          : new ResponseFor(issuer.strip(), r.code(), r.promulgationDate(), r.documentId());
    }
    Optional<DocumentId> parsed = DocumentId.tryParse(documentId);
    if (parsed.isEmpty()) {
      throw usage(
          "DocumentId '"
              + documentId
              + "' is not of the form OrganId,yyyy/MM/dd,Number/Notation, so the document's"
              + " issuer, number and date are unknown — give the fetched document with --for FILE");
    }
    DocumentId id = parsed.get();
    return new ResponseFor(
        issuer == null ? id.organId() : issuer.strip(),
        id.number() + "/" + id.notation(),
        id.date(),
        documentId);
  }

  private static Edoc readEdoc(Path file) throws IOException {
    Path scratch = Files.createTempDirectory("edxml-status-");
    try {
      EdxmlPackage pkg = EdxmlReader.builder().attachmentFolder(scratch).build().read(file);
      if (!(pkg instanceof Edoc edoc)) {
        throw new IOException(
            file + " is a status package — give the document (edoc) the status is about");
      }
      for (Attachment a : edoc.attachments()) {
        if (a.file().isPresent()) {
          Files.deleteIfExists(a.file().get());
        }
      }
      return edoc;
    } finally {
      PackageFolder.deleteTree(scratch);
    }
  }

  /** organ.name from the configuration, else the node's directory, else the code. */
  private static String organName(EdxmlClient client, ClientConfig settings) {
    if (settings.organName() != null && !settings.organName().isBlank()) {
      return settings.organName();
    }
    Outcome<List<Organization>> found = client.organizations(settings.organId(), null);
    if (found instanceof Outcome.Accepted<List<Organization>> a) {
      for (Organization o : a.value()) {
        if (o.organId().equals(settings.organId()) && o.name() != null && !o.name().isBlank()) {
          return o.name();
        }
      }
    }
    return settings.organId();
  }
}

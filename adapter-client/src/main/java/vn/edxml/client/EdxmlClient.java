package vn.edxml.client;

import jakarta.activation.DataHandler;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.transport.http.HTTPConduit;
import vn.edxml.client.internal.ExchangePorts;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.client.internal.PackageFolder;
import vn.edxml.client.internal.ResponseSignerCheck;
import vn.edxml.client.internal.WsSecurityProperties;
import vn.edxml.client.internal.Wss4jCrypto;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.io.PackageSummary;
import vn.edxml.io.PackageSummaryReader;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.Organ;
import vn.edxml.model.Status;
import vn.edxml.model.ZipLimits;
import vn.edxml.schema.envelope.Hop;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.EdxmlExchangePortType;
import vn.edxml.wsdl.service.GetDocumentResponse;
import vn.edxml.wsdl.service.InterchangeFault;
import vn.edxml.wsdl.service.InterchangeFault_Exception;
import vn.edxml.wsdl.service.PackageRequest;
import vn.edxml.wsdl.service.Receipt;

/**
 * A client of an edXML interchange node, acting for one organ. Immutable and thread-safe: build one
 * per organ and share it.
 *
 * <pre>{@code
 * try (EdxmlClient client = EdxmlClient.fromConfig(Path.of("organ-a.properties"))) {
 *   Edoc edoc = Edoc.builder().from(me).to(them).code("12", "UBND-VP")
 *       .promulgated("Hà Nội", LocalDate.now()).type(1, "Công văn").subject("V/v ...")
 *       .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
 *       .attach(Path.of("cong-van.pdf"), "application/pdf").build();
 *   Outcome<SendReceipt> outcome = client.send(edoc);
 * }
 * }</pre>
 *
 * <p>Every call returns an {@link Outcome}: accepted, or rejected by the node with a stable code.
 * When the node gives no (trustworthy) answer the call throws {@link EdxmlClientException}, after
 * the {@link RetryPolicy}'s attempts. Every request is signed with the organ's key; every response
 * must be signed by the configured node certificate. Packages and fetched messages stream through
 * temporary files, never whole in memory.
 */
public final class EdxmlClient implements AutoCloseable {

  /** Size of the HTTP chunks of a streamed request body. */
  private static final int UPLOAD_CHUNK_BYTES = 256 * 1024;

  private final String organ;
  private final URI endpoint;
  private final Bus bus;
  private final EdxmlExchangePortType port;
  private final RetryPolicy retry;
  private final ClientListener listener;
  private final Path workDir;
  private final Clock clock;
  private final EdxmlWriter writer = EdxmlWriter.builder().indent(false).build();
  private final PackageSummaryReader summaries = new PackageSummaryReader();

  private EdxmlClient(Builder b) {
    this.organ = b.organ;
    this.endpoint = b.endpoint;
    this.retry = b.retry;
    this.listener = b.listener;
    this.workDir = b.workDir;
    this.clock = b.clock;
    char[] pw = b.keyPassword;
    Map<String, Object> security =
        WsSecurityProperties.signing(
            Wss4jCrypto.create(b.keyStore, b.trustedCas),
            b.keyAlias,
            pw,
            b.keyAlgorithm,
            b.timestampTtl,
            Duration.ofSeconds(60),
            false);
    security = new java.util.HashMap<>(security);
    security.putAll(WsSecurityProperties.expectedSigners(b.nodeCertificates));
    this.bus = BusFactory.newInstance().createBus();
    this.port =
        ExchangePorts.create(
            bus,
            b.endpoint.toString(),
            security,
            b.mtom,
            b.connectTimeout,
            b.receiveTimeout,
            new ResponseSignerCheck(Set.copyOf(b.nodeCertificates)));
    // The policy's chunk length sizes the HTTP chunks of a streamed request body (4 KiB when
    // unset: a large package then goes out in about 250,000 chunks per GB). A larger chunk costs
    // its
    // size once per call.
    HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(port).getConduit();
    conduit.getClient().setChunkLength(UPLOAD_CHUNK_BYTES);
  }

  /** A builder; see its methods for what is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A client from a client configuration file (see {@link ClientConfig}). */
  public static EdxmlClient fromConfig(Path file) throws IOException {
    return ClientConfig.load(file).toBuilder().build();
  }

  /** The organ this client acts for. */
  public String organ() {
    return organ;
  }

  // ------------------------------------------------------------------ sending

  /** Sends a document or status package built with the model. */
  public Outcome<SendReceipt> send(EdxmlPackage pkg) throws IOException {
    Objects.requireNonNull(pkg, "pkg");
    Path file = Files.createTempFile(workDir(), "edxml-out-", ".edxml");
    try {
      // Hashed as it is written: no second pass over the file for the signed digest.
      MessageDigest sha256 = newSha256();
      try (OutputStream out =
          new BufferedOutputStream(
              new DigestOutputStream(Files.newOutputStream(file), sha256), 64 * 1024)) {
        writer.write(pkg, out);
      }
      return sendFile(file, UUID.randomUUID().toString(), sha256.digest(), Addressing.of(pkg));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Sends a status package: the node routes it to the document's issuer (for a recall, 13, to the
   * document's recipients). The same as {@link #send(EdxmlPackage)}, named for readability.
   */
  public Outcome<SendReceipt> sendStatus(Status status) throws IOException {
    return send(Objects.requireNonNull(status, "status"));
  }

  /** Sends an existing package file; its type and recipients are read from it. */
  public Outcome<SendReceipt> send(Path packageFile) throws IOException {
    return sendFile(packageFile, UUID.randomUUID().toString(), null, null);
  }

  /**
   * Sends an existing package file with a message id chosen by the caller. Sending the same file
   * again with the same id is safe: the node answers with the first receipt and stores nothing new.
   * Use it to resume after a crash (the folder bridge does).
   */
  public Outcome<SendReceipt> send(Path packageFile, String messageId) throws IOException {
    return sendFile(packageFile, Objects.requireNonNull(messageId, "messageId"), null, null);
  }

  /**
   * @param knownSha256 the file's digest when the caller has just written it, else null
   * @param known the package's addressing when the caller has just written it from the model, else
   *     null (read from the file)
   */
  private Outcome<SendReceipt> sendFile(
      Path file, String messageId, byte[] knownSha256, Addressing known) throws IOException {
    Addressing addressing;
    if (known != null) {
      addressing = known;
    } else {
      try (InputStream in = Files.newInputStream(file)) {
        addressing = Addressing.of(summaries.read(in));
      }
    }
    byte[] sha256 = knownSha256 != null ? knownSha256 : sha256(file);
    long size = Files.size(file);
    boolean status = addressing.status();
    MessageType type = status ? MessageType.STATUS : MessageType.EDOC;
    return call(
        status ? "SendStatus" : "SendDocument",
        () -> {
          Interchange ix =
              Interchanges.send(
                  messageId,
                  organ,
                  addressing.to(),
                  type,
                  addressing.documentId(),
                  sha256,
                  size,
                  clock.instant());
          ExchangePorts.interchange(port, ix);
          PackageRequest request = new PackageRequest();
          request.setPackage(new DataHandler(new FileSource(file, messageId, size, listener)));
          Receipt r = status ? port.sendStatus(request) : port.sendDocument(request);
          if (!Arrays.equals(r.getPayloadDigest().getValue(), sha256)) {
            throw new EdxmlClientException(
                "the node's receipt names another payload digest than the package sent;"
                    + " do not count the package as delivered and tell the node's operator",
                false,
                true,
                null);
          }
          return receipt(r);
        });
  }

  // ------------------------------------------------------------------ receiving

  /** Up to 100 waiting messages of both kinds. */
  public Outcome<Pending> pending() {
    return pending(null, 100);
  }

  /**
   * Messages waiting for this organ, oldest first.
   *
   * @param messageType null for both, "edoc" or "status"
   * @param max page size (1 to 500; the node may cap it)
   */
  public Outcome<Pending> pending(String messageType, int max) {
    return call(
        "GetPendingDocuments",
        () -> {
          ExchangePorts.interchange(port, Interchanges.query(organ, clock.instant()));
          var request = new vn.edxml.wsdl.service.GetPendingDocuments();
          request.setOrganId(organ);
          request.setMessageType(messageType == null ? null : MessageType.fromValue(messageType));
          request.setMax(max);
          var response = port.getPendingDocuments(request);
          List<Pending.Message> messages = new ArrayList<>();
          for (var p : response.getPending()) {
            messages.add(
                new Pending.Message(
                    p.getMessageId(),
                    p.getMessageType().value(),
                    p.getDocumentId(),
                    p.getFrom(),
                    p.getReceivedAt(),
                    p.getSize(),
                    p.getSubject(),
                    p.getStatusCode()));
          }
          return new Pending(messages, response.isMore());
        });
  }

  /**
   * Fetches a message into {@code target}, atomically: the file appears only complete and only when
   * its bytes match the digest the node signed.
   */
  public Outcome<FetchedMessage> fetch(String messageId, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".fetch-", ".part");
    try {
      Outcome<FetchedMessage> outcome =
          call(
              "GetDocument",
              () -> {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                  return fetchInto(messageId, out);
                }
              });
      if (outcome.isAccepted()) {
        try (var ch =
            java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return outcome;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Fetches a message into a stream (not closed). Bytes are checked only at the end: on an
   * exception, discard what was written. The client retries only while nothing was written.
   */
  public Outcome<FetchedMessage> fetch(String messageId, OutputStream out) {
    CountingOutputStream counting = new CountingOutputStream(out);
    return call("GetDocument", () -> fetchInto(messageId, counting), () -> counting.count == 0);
  }

  /**
   * Fetches a message into a new folder {@code folder} (which must not exist yet): {@code
   * package.edxml}, checked against the digest the node signed, and for a document each attachment
   * decoded next to it under its (sanitised) name; zipped attachments are unpacked into a subfolder
   * within {@code zipLimits}. The folder appears only complete.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code folder} exists
   * @throws IOException if the folder cannot be written or the package's attachments cannot be
   *     decoded (a {@link vn.edxml.model.UnsafeZipException} for a hostile zip)
   */
  public Outcome<FetchedFolder> fetchExtracted(String messageId, Path folder, ZipLimits zipLimits)
      throws IOException {
    Objects.requireNonNull(zipLimits, "zipLimits");
    Path building = PackageFolder.prepare(folder);
    boolean published = false;
    try {
      Outcome<FetchedMessage> fetched =
          fetch(messageId, building.resolve(PackageFolder.PACKAGE_FILE));
      if (!(fetched instanceof Outcome.Accepted<FetchedMessage> accepted)) {
        return fetched.map(m -> null);
      }
      List<FetchedFolder.SavedAttachment> saved = PackageFolder.extract(building, zipLimits);
      Path done = PackageFolder.publish(building, folder);
      published = true;
      List<FetchedFolder.SavedAttachment> moved = new ArrayList<>();
      for (FetchedFolder.SavedAttachment a : saved) {
        moved.add(
            new FetchedFolder.SavedAttachment(
                a.contentId(),
                a.name(),
                a.contentType(),
                done.resolve(building.relativize(a.file())),
                a.size(),
                a.unzipped().stream().map(p -> done.resolve(building.relativize(p))).toList()));
      }
      return new Outcome.Accepted<>(
          new FetchedFolder(
              accepted.value(), done, done.resolve(PackageFolder.PACKAGE_FILE), moved));
    } finally {
      if (!published) {
        PackageFolder.deleteTree(building);
      }
    }
  }

  /** {@link #fetchExtracted(String, Path, ZipLimits)} with {@link ZipLimits#DEFAULT}. */
  public Outcome<FetchedFolder> fetchExtracted(String messageId, Path folder) throws IOException {
    return fetchExtracted(messageId, folder, ZipLimits.DEFAULT);
  }

  private FetchedMessage fetchInto(String messageId, OutputStream out)
      throws InterchangeFault_Exception, IOException {
    ExchangePorts.interchange(port, Interchanges.query(organ, clock.instant()));
    var request = new vn.edxml.wsdl.service.GetDocument();
    request.setOrganId(organ);
    request.setMessageId(messageId);
    GetDocumentResponse response = port.getDocument(request);
    Interchange ix = response.getInterchange();
    MessageDigest digest = newSha256();
    long total = ix.getPayload() == null ? -1 : ix.getPayload().getSize();
    long size = 0;
    try (InputStream in = response.getPackage().getInputStream();
        DigestOutputStream dout = new DigestOutputStream(nonClosing(out), digest)) {
      // Filled before each write: the multipart stream hands its bytes over 2 KiB at a time, and
      // small writes to a file cost the kernel several times the CPU of 64 KiB ones.
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        dout.write(buffer, 0, n);
        size += n;
        listener.downloaded(messageId, size, total);
      }
    }
    byte[] actual = digest.digest();
    if (ix.getPayload() == null
        || ix.getPayload().getSize() != size
        || !Arrays.equals(ix.getPayload().getDigest().getValue(), actual)) {
      throw new EdxmlClientException(
          "the fetched package does not match the digest in the signed envelope", true, null);
    }
    List<FetchedMessage.Hop> hops = new ArrayList<>();
    if (ix.getHopTrace() != null) {
      for (Hop h : ix.getHopTrace().getHop()) {
        hops.add(new FetchedMessage.Hop(h.getNode(), h.getReceivedAt()));
      }
    }
    return new FetchedMessage(
        ix.getMessageId(),
        ix.getMessageType() == null ? null : ix.getMessageType().value(),
        ix.getFrom(),
        ix.getTo(),
        ix.getDocumentId(),
        size,
        HexFormat.of().formatHex(actual),
        hops);
  }

  /** Tells the node the message is stored on this side; idempotent. */
  public Outcome<Confirmation> confirm(String messageId) {
    return call(
        "ConfirmReceived",
        () -> {
          ExchangePorts.interchange(port, Interchanges.query(organ, clock.instant()));
          var request = new vn.edxml.wsdl.service.ConfirmReceived();
          request.setOrganId(organ);
          request.setMessageId(messageId);
          var r = port.confirmReceived(request);
          return new Confirmation(
              r.getMessageId(), r.getConfirmedAt(), r.isAlreadyConfirmed(), r.getStatusSent());
        });
  }

  // ------------------------------------------------------------------ traces, directory

  /** The timeline of a document this organ sent or received. */
  public Outcome<List<TraceEvent>> traces(String documentId) {
    return call(
        "GetTraces",
        () -> {
          ExchangePorts.interchange(port, Interchanges.query(organ, clock.instant()));
          var request = new vn.edxml.wsdl.service.GetTraces();
          request.setDocumentId(documentId);
          List<TraceEvent> events = new ArrayList<>();
          for (var e : port.getTraces(request).getEvent()) {
            events.add(
                new TraceEvent(
                    e.getAt(),
                    e.getRecipient(),
                    e.getTransport() == null ? null : e.getTransport().value(),
                    e.getStatus(),
                    e.getActor(),
                    e.getNode(),
                    e.getMessageId(),
                    e.getDetail()));
          }
          return List.copyOf(events);
        });
  }

  /**
   * The node's directory.
   *
   * @param codePrefix null, or a prefix of the organ codes wanted
   * @param nameContains null, or a part of the names wanted (case-insensitive)
   */
  public Outcome<List<Organization>> organizations(String codePrefix, String nameContains) {
    return call(
        "GetOrganizations",
        () -> {
          ExchangePorts.interchange(port, Interchanges.query(organ, clock.instant()));
          var request = new vn.edxml.wsdl.service.GetOrganizations();
          request.setCodePrefix(codePrefix);
          request.setNameContains(nameContains);
          List<Organization> result = new ArrayList<>();
          for (var o : port.getOrganizations(request).getOrganization()) {
            result.add(
                new Organization(
                    o.getOrganId(), o.getName(), o.getParentId(), o.getHomeNode(), o.isLocal()));
          }
          return List.copyOf(result);
        });
  }

  @Override
  public void close() {
    bus.shutdown(true);
  }

  // ------------------------------------------------------------------ plumbing

  @FunctionalInterface
  private interface Call<T> {
    T run() throws InterchangeFault_Exception, IOException;
  }

  private <T> Outcome<T> call(String operation, Call<T> call) {
    return call(operation, call, () -> true);
  }

  /**
   * Runs a call, retrying per the policy while {@code mayRetry} holds. A failure without a
   * trustworthy answer becomes an {@link EdxmlClientException}; a fault from the node, a {@link
   * Outcome.Rejected}.
   */
  private <T> Outcome<T> call(String operation, Call<T> call, BooleanSupplier mayRetry) {
    for (int attempt = 1; ; attempt++) {
      Outcome<T> outcome;
      try {
        outcome = new Outcome.Accepted<>(call.run());
      } catch (InterchangeFault_Exception e) {
        InterchangeFault f = e.getFaultInfo();
        outcome =
            new Outcome.Rejected<>(
                new Rejection(f.getCode(), f.getMessage(), f.getCorrelationId(), f.isRetryable()));
      } catch (SOAPFaultException e) {
        if (isLocalFault(e)) {
          // Raised on this side while checking the answer (signature, signer, policy): an answer
          // came but cannot be trusted. Retrying will not change who signed it.
          throw new EdxmlClientException(untrustedMessage(e), false, true, e);
        }
        outcome =
            new Outcome.Rejected<>(
                new Rejection(
                    e.getFault()
                        .getFaultCodeAsQName()
                        .getLocalPart()
                        .toLowerCase(java.util.Locale.ROOT),
                    e.getFault().getFaultString(),
                    null,
                    false));
      } catch (EdxmlClientException e) {
        if (!e.retryable() || attempt >= retry.maxAttempts() || !mayRetry.getAsBoolean()) {
          throw e;
        }
        pause(operation, attempt, e.getMessage());
        continue;
      } catch (WebServiceException | IOException e) {
        boolean untrusted = causedBy(e, "not signed by the expected node") || isLocalFault(e);
        EdxmlClientException failure =
            untrusted
                ? new EdxmlClientException(untrustedMessage(e), false, true, e)
                : new EdxmlClientException(
                    "no answer from the node at "
                        + endpoint
                        + " ("
                        + rootMessage(e)
                        + ") after "
                        + attempt
                        + (attempt == 1 ? " attempt" : " attempts")
                        + "; check the endpoint and that the node runs, then try again",
                    true,
                    e);
        if (untrusted || attempt >= retry.maxAttempts() || !mayRetry.getAsBoolean()) {
          throw failure;
        }
        pause(operation, attempt, rootMessage(e));
        continue;
      }
      if (outcome instanceof Outcome.Rejected<T> r
          && r.reason().retryable()
          && attempt < retry.maxAttempts()
          && mayRetry.getAsBoolean()) {
        pause(operation, attempt, r.reason().codeId());
        continue;
      }
      return outcome;
    }
  }

  private void pause(String operation, int attempt, String reason) {
    long wait = retry.backoff(attempt).toMillis();
    listener.retrying(operation, attempt, reason, wait);
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EdxmlClientException("interrupted while waiting to retry " + operation, false, e);
    }
  }

  private static boolean causedBy(Throwable t, String text) {
    Throwable c = t;
    for (int depth = 0; c != null && depth < 32; depth++, c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a SOAP fault was raised by this client's own checks of the answer (WS-Security, policy,
   * the node signer check) rather than sent by the node. CXF hands such a failure over with the
   * local exception as the cause; a fault read from the wire has no cause of its own.
   */
  private static boolean isLocalFault(Throwable e) {
    if (causedBy(e, "not signed by the expected node")) {
      return true;
    }
    if (!(e instanceof SOAPFaultException)) {
      return false;
    }
    Throwable cause = e.getCause();
    if (cause == null) {
      return false;
    }
    if (cause instanceof org.apache.cxf.interceptor.Fault f) {
      return f.getCause() != null;
    }
    return true;
  }

  private String untrustedMessage(Throwable e) {
    return "the answer from "
        + endpoint
        + " could not be trusted ("
        + rootMessage(e)
        + "); check node.certificate and trust.ca name the node's current certificate and CA";
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    for (int depth = 0; c.getCause() != null && c.getCause() != c && depth < 32; depth++) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  private static SendReceipt receipt(Receipt r) {
    List<SendReceipt.RecipientResult> recipients = new ArrayList<>();
    for (var o : r.getRecipient()) {
      recipients.add(
          new SendReceipt.RecipientResult(
              o.getOrganId(),
              SendReceipt.Routing.valueOf(o.getOutcome().name()),
              o.getNextNode(),
              o.getDetail()));
    }
    return new SendReceipt(
        r.getMessageId(),
        r.getMessageType().value(),
        r.getDocumentId(),
        r.getAcceptedAt(),
        r.getNode(),
        HexFormat.of().formatHex(r.getPayloadDigest().getValue()),
        r.isDuplicate(),
        recipients);
  }

  private Path workDir() throws IOException {
    return Files.createDirectories(workDir);
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts bytes written through it; does not close the target. */
  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private volatile long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /**
   * What the signed Interchange header says about a package: its kind, its recipients (none for a
   * status: the node routes it) and the DocumentId it is or is about. Values are stripped, as the
   * package reader strips them, so a package sent from the model and the same package sent from its
   * file are addressed alike.
   */
  private record Addressing(boolean status, List<String> to, String documentId) {

    static Addressing of(PackageSummary summary) {
      // The reader lists no recipients for a status.
      return new Addressing(summary.isStatus(), summary.to(), summary.documentId());
    }

    /**
     * From the model, with no second read of the package just written; null when a fact is missing,
     * so that the file is read and its error reported as for any other file.
     */
    static Addressing of(EdxmlPackage pkg) {
      if (pkg instanceof Status status) {
        String documentId = strippedOrNull(status.responseFor().documentId());
        return documentId == null ? null : new Addressing(true, List.of(), documentId);
      }
      Edoc edoc = (Edoc) pkg;
      String documentId = strippedOrNull(edoc.documentId());
      List<String> to = new ArrayList<>();
      for (Organ recipient : edoc.to()) {
        String id = strippedOrNull(recipient.organId());
        if (id == null) {
          return null;
        }
        to.add(id);
      }
      return documentId == null || to.isEmpty() ? null : new Addressing(false, to, documentId);
    }

    private static String strippedOrNull(String value) {
      String stripped = value == null ? "" : value.strip();
      return stripped.isEmpty() ? null : stripped;
    }
  }

  /** A package file as a data source that reports upload progress. */
  private record FileSource(Path file, String messageId, long size, ClientListener listener)
      implements jakarta.activation.DataSource {
    @Override
    public InputStream getInputStream() throws IOException {
      return new FilterInputStream(Files.newInputStream(file)) {
        private long sent;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            sent += n;
            listener.uploaded(messageId, sent, size);
          }
          return n;
        }
      };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      throw new IOException("read-only");
    }

    @Override
    public String getContentType() {
      return "application/octet-stream";
    }

    @Override
    public String getName() {
      return file.getFileName().toString();
    }
  }

  // ------------------------------------------------------------------ builder

  /**
   * Builds an {@link EdxmlClient}. Required: endpoint, organ, key, trusted CA, node certificate.
   */
  public static final class Builder {
    private URI endpoint;
    private String organ;
    private KeyStore keyStore;
    private String keyAlias;
    private char[] keyPassword;
    private String keyAlgorithm;
    private final List<X509Certificate> trustedCas = new ArrayList<>();
    private final List<X509Certificate> nodeCertificates = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration receiveTimeout = Duration.ofMinutes(5);
    private Duration timestampTtl = Duration.ofMinutes(5);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private ClientListener listener = ClientListener.NONE;
    private boolean mtom = true;
    private Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The node's exchange service URL, e.g. {@code https://hub.example/edxml/exchange}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The organ code this client acts for; the key's certificate must be registered for it. */
    public Builder organ(String organCode) {
      this.organ = organCode;
      return this;
    }

    /** The organ's signing key from a PKCS#12 file. */
    public Builder keyStore(Path pkcs12, char[] password, String alias) throws IOException {
      KeyStore ks;
      try (InputStream in = Files.newInputStream(pkcs12)) {
        ks = KeyStore.getInstance("PKCS12");
        ks.load(in, password);
      } catch (java.security.GeneralSecurityException e) {
        throw new IOException("cannot open key store " + pkcs12 + ": " + e.getMessage(), e);
      } catch (IOException e) {
        if (e.getCause() instanceof java.security.UnrecoverableKeyException
            || String.valueOf(e.getMessage()).contains("password")) {
          throw new IOException(
              "cannot open key store " + pkcs12 + ": wrong password — check keystore.password", e);
        }
        throw e;
      }
      return keyStore(ks, password, alias);
    }

    /** The organ's signing key from a loaded key store. */
    public Builder keyStore(KeyStore keyStore, char[] password, String alias) {
      try {
        if (!keyStore.isKeyEntry(alias)) {
          throw new IllegalArgumentException("no key named '" + alias + "' in the key store");
        }
        if (!(keyStore.getKey(alias, password) instanceof PrivateKey)) {
          throw new IllegalArgumentException("'" + alias + "' is not a private key");
        }
        this.keyAlgorithm = keyStore.getCertificate(alias).getPublicKey().getAlgorithm();
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot read key '" + alias + "': " + e.getMessage(), e);
      }
      this.keyStore = keyStore;
      this.keyPassword = password.clone();
      this.keyAlias = alias;
      return this;
    }

    /** A CA whose certificates (the node's) are trusted. */
    public Builder trustedCa(X509Certificate ca) {
      trustedCas.add(Objects.requireNonNull(ca));
      return this;
    }

    /** The node's certificate: responses signed by anything else are refused. */
    public Builder nodeCertificate(X509Certificate certificate) {
      nodeCertificates.add(Objects.requireNonNull(certificate));
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder receiveTimeout(Duration timeout) {
      this.receiveTimeout = timeout;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry);
      return this;
    }

    public Builder listener(ClientListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /** MTOM for package transfer (default on); off sends packages inline as base64. */
    public Builder mtom(boolean mtom) {
      this.mtom = mtom;
      return this;
    }

    /** Folder for temporary package files (default: java.io.tmpdir). */
    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public EdxmlClient build() {
      require(endpoint != null, "endpoint", "the node's service URL");
      require(organ != null && !organ.isBlank(), "organ", "the organ code this client acts for");
      require(keyStore != null, "keyStore", "the organ's PKCS#12 signing key");
      require(
          !trustedCas.isEmpty(),
          "trustedCa",
          "the CA certificate the node's certificate chains to");
      require(!nodeCertificates.isEmpty(), "nodeCertificate", "the node's certificate (PEM)");
      return new EdxmlClient(this);
    }

    private static void require(boolean ok, String what, String hint) {
      if (!ok) {
        throw new IllegalStateException(what + " is required: give " + hint);
      }
    }
  }
}

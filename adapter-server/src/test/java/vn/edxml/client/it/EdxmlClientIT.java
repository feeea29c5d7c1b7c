package vn.edxml.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.edxml.client.ClientConfig;
import vn.edxml.client.ClientListener;
import vn.edxml.client.Confirmation;
import vn.edxml.client.EdxmlClient;
import vn.edxml.client.EdxmlClientException;
import vn.edxml.client.ErrorCode;
import vn.edxml.client.FetchedFolder;
import vn.edxml.client.FetchedMessage;
import vn.edxml.client.Organization;
import vn.edxml.client.Outcome;
import vn.edxml.client.Pending;
import vn.edxml.client.Rejection;
import vn.edxml.client.RetryPolicy;
import vn.edxml.client.SendReceipt;
import vn.edxml.client.TraceEvent;
import vn.edxml.io.EdxmlWriter;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.Status;
import vn.edxml.model.StatusCode;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestNode;

/** Every {@link EdxmlClient} call against a real node on 127.0.0.1. */
class EdxmlClientIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  @TempDir static Path dir;

  private static Path configA;
  private static Path configB;

  @BeforeAll
  static void configs() throws IOException {
    configA = ClientFiles.write(NODE, TestNode.ORGAN_A, dir.resolve("a"));
    configB = ClientFiles.write(NODE, TestNode.ORGAN_B, dir.resolve("b"));
  }

  private static Path packageFile(Edoc edoc, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      EdxmlWriter.create().write(edoc, out);
    }
    return file;
  }

  private static <T> T accepted(Outcome<T> outcome) {
    assertTrue(outcome.isAccepted(), () -> "rejected: " + outcome.rejection().orElseThrow());
    return outcome.value();
  }

  @Test
  void documentFromAFileGoesThroughTheWholeCycle() throws Exception {
    Path pdf = Files.writeString(dir.resolve("cong-van.pdf"), "%PDF-1.4 công văn thử");
    Edoc edoc =
        Edoc.builder()
            .from(Documents.organ(TestNode.ORGAN_A))
            .to(Documents.organ(TestNode.ORGAN_B))
            .code(Long.toString(System.nanoTime() % 1_000_000), "UBND-VP")
            .promulgated("Hà Nội", LocalDate.now())
            .type(1, "Công văn")
            .subject("V/v thử nghiệm gửi từ tệp")
            .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
            .attach(pdf, "application/pdf")
            .build();
    Path file = packageFile(edoc, dir.resolve("from-path.edxml"));
    try (EdxmlClient a = EdxmlClient.fromConfig(configA);
        EdxmlClient b = EdxmlClient.fromConfig(configB)) {
      assertEquals(TestNode.ORGAN_A, a.organ());
      SendReceipt receipt = accepted(a.send(file));
      assertEquals(edoc.documentId(), receipt.documentId());
      assertEquals("edoc", receipt.messageType());
      assertFalse(receipt.duplicate());
      assertEquals(TestNode.NODE_ID, receipt.node());
      assertEquals(sha256(Files.readAllBytes(file)), receipt.payloadSha256());
      assertEquals(1, receipt.recipients().size());
      assertEquals(TestNode.ORGAN_B, receipt.recipients().get(0).organId());
      assertEquals(SendReceipt.Routing.DELIVERED, receipt.recipients().get(0).routing());

      // The same file with the same message id: the first receipt, nothing new stored.
      SendReceipt again = accepted(a.send(file, receipt.messageId()));
      assertTrue(again.duplicate());
      assertEquals(receipt.messageId(), again.messageId());

      Pending pending = accepted(b.pending("edoc", 500));
      Pending.Message waiting =
          pending.messages().stream()
              .filter(m -> m.messageId().equals(receipt.messageId()))
              .findFirst()
              .orElseThrow();
      assertEquals(TestNode.ORGAN_A, waiting.from());
      assertEquals(edoc.documentId(), waiting.documentId());
      assertEquals(Files.size(file), waiting.size());

      Path target = dir.resolve("fetched/from-path.edxml");
      FetchedMessage fetched = accepted(b.fetch(receipt.messageId(), target));
      assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));
      assertEquals(TestNode.ORGAN_A, fetched.from());
      assertEquals(List.of(TestNode.ORGAN_B), fetched.to());
      assertEquals(receipt.payloadSha256(), fetched.sha256());
      assertFalse(fetched.hops().isEmpty());

      Confirmation first = accepted(b.confirm(receipt.messageId()));
      assertFalse(first.alreadyConfirmed());
      Confirmation second = accepted(b.confirm(receipt.messageId()));
      assertTrue(second.alreadyConfirmed());
      assertEquals(first.confirmedAt(), second.confirmedAt());
      assertTrue(
          accepted(b.pending()).messages().stream()
              .noneMatch(m -> m.messageId().equals(receipt.messageId())));

      Status accepted =
          Status.builder()
              .from(Documents.organ(TestNode.ORGAN_B))
              .responseFor(edoc)
              .code(StatusCode.ACCEPTED)
              .build();
      SendReceipt statusReceipt = accepted(b.sendStatus(accepted));
      assertEquals("status", statusReceipt.messageType());
      assertEquals(TestNode.ORGAN_A, statusReceipt.recipients().get(0).organId());
      Pending.Message status =
          accepted(a.pending("status", 100)).messages().stream()
              .filter(m -> m.messageId().equals(statusReceipt.messageId()))
              .findFirst()
              .orElseThrow();
      assertEquals("03", status.statusCode());

      List<String> timeline =
          accepted(a.traces(edoc.documentId())).stream().map(TraceEvent::what).toList();
      assertEquals(List.of("accepted", "delivered", "confirmed", "03"), timeline);
    }
  }

  @Test
  void attachmentFromAStreamArrivesExtractedNextToThePackage() throws Exception {
    byte[] zip = zip("phu-luc/bang-1.txt", "Bảng 1", "phu-luc/bang-2.txt", "Bảng 2");
    byte[] text = "Nội dung từ một luồng".getBytes(StandardCharsets.UTF_8);
    AtomicInteger opened = new AtomicInteger();
    Edoc edoc =
        Edoc.builder()
            .from(Documents.organ(TestNode.ORGAN_A))
            .to(Documents.organ(TestNode.ORGAN_B))
            .code(Long.toString(System.nanoTime() % 1_000_000), "UBND-TH")
            .promulgated("Hà Nội", LocalDate.now())
            .type(1, "Công văn")
            .subject("V/v tệp đính kèm từ luồng")
            .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
            .attach(
                Attachment.builder()
                    .name("noi-dung.txt")
                    .contentType("text/plain")
                    .content(
                        () -> {
                          opened.incrementAndGet();
                          return new java.io.ByteArrayInputStream(text);
                        })
                    .build())
            .attach(
                Attachment.builder()
                    .name("../../ho-so.zip")
                    .contentType("application/zip")
                    .content(() -> new java.io.ByteArrayInputStream(zip))
                    .build())
            .build();
    try (EdxmlClient a = EdxmlClient.fromConfig(configA);
        EdxmlClient b = EdxmlClient.fromConfig(configB)) {
      SendReceipt receipt = accepted(a.send(edoc));
      assertTrue(opened.get() >= 1);
      Path folder = dir.resolve("inbox").resolve(receipt.messageId());
      FetchedFolder f = accepted(b.fetchExtracted(receipt.messageId(), folder));
      assertEquals(folder.toAbsolutePath().normalize(), f.folder());
      assertTrue(Files.isRegularFile(f.packageFile()));
      assertEquals(receipt.payloadSha256(), sha256(Files.readAllBytes(f.packageFile())));
      assertEquals(2, f.attachments().size());
      FetchedFolder.SavedAttachment first = f.attachments().get(0);
      assertEquals(f.folder().resolve("noi-dung.txt"), first.file());
      assertArrayEquals(text, Files.readAllBytes(first.file()));
      assertTrue(first.unzipped().isEmpty());
      FetchedFolder.SavedAttachment archive = f.attachments().get(1);
      // The sender's "../../" is dropped: everything stays inside the folder.
      assertEquals(f.folder().resolve("ho-so.zip"), archive.file());
      assertArrayEquals(zip, Files.readAllBytes(archive.file()));
      assertEquals(
          List.of(
              f.folder().resolve("ho-so/phu-luc/bang-1.txt"),
              f.folder().resolve("ho-so/phu-luc/bang-2.txt")),
          archive.unzipped());
      assertEquals("Bảng 2", Files.readString(archive.unzipped().get(1)));
      try (var files = Files.list(f.folder())) {
        assertEquals(
            Set.of("package.edxml", "noi-dung.txt", "ho-so.zip", "ho-so"),
            files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
      }
      // A second fetch into the same folder is refused, the first one left as it was.
      assertThrows(
          java.nio.file.FileAlreadyExistsException.class,
          () -> b.fetchExtracted(receipt.messageId(), folder));
      assertArrayEquals(text, Files.readAllBytes(first.file()));
    }
  }

  @Test
  void largeAttachmentStreamsToAFileAndToAStream() throws Exception {
    int size = 12 * 1024 * 1024;
    Path big = dir.resolve("ban-do.pdf");
    byte[] head = new byte[64];
    MessageDigest attachmentDigest = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(big), attachmentDigest)) {
      Random random = new Random(7);
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < size / chunk.length; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
        if (i == 0) {
          System.arraycopy(chunk, 0, head, 0, head.length);
        }
      }
    }
    Edoc edoc =
        Edoc.builder()
            .from(Documents.organ(TestNode.ORGAN_A))
            .to(Documents.organ(TestNode.ORGAN_B))
            .code(Long.toString(System.nanoTime() % 1_000_000), "UBND-BD")
            .promulgated("Hà Nội", LocalDate.now())
            .type(1, "Công văn")
            .subject("V/v bản đồ dung lượng lớn")
            .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
            .attach(big, "application/pdf")
            .build();
    AtomicLong uploaded = new AtomicLong();
    AtomicInteger downloads = new AtomicInteger();
    ClientListener listener =
        new ClientListener() {
          @Override
          public void uploaded(String messageId, long bytes, long total) {
            uploaded.set(bytes);
          }

          @Override
          public void downloaded(String messageId, long bytes, long total) {
            downloads.incrementAndGet();
          }
        };
    try (EdxmlClient a = ClientConfig.load(configA).toBuilder().listener(listener).build();
        EdxmlClient b = ClientConfig.load(configB).toBuilder().listener(listener).build()) {
      SendReceipt receipt = accepted(a.send(edoc));
      assertTrue(uploaded.get() > size, "upload progress reported: " + uploaded.get());

      // To a file: complete and checked.
      Path target = dir.resolve("large/package.edxml");
      FetchedMessage toFile = accepted(b.fetch(receipt.messageId(), target));
      assertEquals(receipt.payloadSha256(), sha256(target));
      assertEquals(Files.size(target), toFile.size());
      assertTrue(downloads.get() > 10, "download progress reported in steps");

      // To a stream that keeps nothing: only a digest and a count of the largest write.
      MessageDigest streamed = MessageDigest.getInstance("SHA-256");
      AtomicLong largestWrite = new AtomicLong();
      OutputStream sink =
          new DigestOutputStream(OutputStream.nullOutputStream(), streamed) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              largestWrite.accumulateAndGet(len, Math::max);
              super.write(b, off, len);
            }
          };
      FetchedMessage toStream = accepted(b.fetch(receipt.messageId(), sink));
      assertEquals(receipt.payloadSha256(), HexFormat.of().formatHex(streamed.digest()));
      assertEquals(toFile.size(), toStream.size());
      assertTrue(largestWrite.get() <= 64 * 1024, "written in buffers, not whole");

      // Into a folder: the attachment decoded to a file, identical to the one sent.
      FetchedFolder f =
          accepted(b.fetchExtracted(receipt.messageId(), dir.resolve("large-folder")));
      Path decoded = f.attachments().get(0).file();
      assertEquals("ban-do.pdf", decoded.getFileName().toString());
      assertEquals(size, Files.size(decoded));
      assertEquals(HexFormat.of().formatHex(attachmentDigest.digest()), sha256(decoded));
      try (InputStream in = Files.newInputStream(decoded)) {
        assertArrayEquals(head, in.readNBytes(head.length));
      }
    }
  }

  @Test
  void rejectionsCarryAStableCodeAndACorrelationId() throws Exception {
    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
    try (EdxmlClient a = EdxmlClient.fromConfig(configA);
        EdxmlClient b = EdxmlClient.fromConfig(configB)) {
      accepted(a.send(edoc));
      Outcome<SendReceipt> duplicate = a.send(edoc);
      Rejection r = duplicate.rejection().orElseThrow();
      assertEquals("duplicate_document", r.codeId());
      assertEquals(ErrorCode.DUPLICATE_DOCUMENT, r.code().orElseThrow());
      assertNotNull(r.correlationId());
      assertFalse(r.retryable());
      assertTrue(r.describe(java.util.Locale.forLanguageTag("vi")).contains(r.correlationId()));
      Outcome.RejectedException thrown =
          assertThrows(Outcome.RejectedException.class, duplicate::value);
      assertEquals(r, thrown.rejection());

      Rejection notFound =
          b.fetch("no-such-message", OutputStream.nullOutputStream()).rejection().orElseThrow();
      assertEquals("not_found", notFound.codeId());
      assertEquals("not_found", b.confirm("no-such-message").rejection().orElseThrow().codeId());

      Status aboutUnknown =
          Status.builder()
              .from(Documents.organ(TestNode.ORGAN_B))
              .responseFor(Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B))
              .code(StatusCode.ACCEPTED)
              .build();
      assertEquals(
          "status_unknown_document", b.sendStatus(aboutUnknown).rejection().orElseThrow().codeId());

      // Faults the node sends about the caller's credentials are answers: rejections.
      assertEquals(
          "sender_not_authorized", rejectionFor(NODE.pki().organ(TestNode.ORGAN_C)).codeId());
      Rejection security = rejectionFor(NODE.pki().untrusted(TestNode.ORGAN_A));
      assertEquals("security_failed", security.codeId());
      assertNotNull(security.correlationId());

      // C is not a party to the document: it may not see its trace.
      try (EdxmlClient c =
          EdxmlClient.fromConfig(ClientFiles.write(NODE, TestNode.ORGAN_C, dir.resolve("c")))) {
        Outcome<List<TraceEvent>> traces = c.traces(edoc.documentId());
        assertTrue(
            traces.rejection().isPresent() || traces.value().isEmpty(), "no trace for an outsider");
      }
    }
  }

  /** The rejection of a call as organ A signed with {@code credential}. */
  private static Rejection rejectionFor(vn.edxml.pki.Credential credential) throws Exception {
    try (EdxmlClient client =
        EdxmlClient.builder()
            .endpoint(java.net.URI.create(NODE.node().address()))
            .organ(TestNode.ORGAN_A)
            .keyStore(
                credential.toKeyStore("organ", "pw".toCharArray()), "pw".toCharArray(), "organ")
            .trustedCa(NODE.pki().ca().certificate())
            .nodeCertificate(NODE.pki().node().certificate())
            .retry(RetryPolicy.NONE)
            .build()) {
      return client.organizations(null, null).rejection().orElseThrow();
    }
  }

  @Test
  void organizationsAreFilteredByPrefixAndName() throws Exception {
    try (EdxmlClient a = EdxmlClient.fromConfig(configA)) {
      List<Organization> all = accepted(a.organizations("000.00.0", null));
      Set<String> codes = all.stream().map(Organization::organId).collect(Collectors.toSet());
      assertTrue(
          codes.containsAll(Set.of(TestNode.ORGAN_A, TestNode.ORGAN_B, TestNode.ORGAN_C)),
          codes.toString());
      List<Organization> one = accepted(a.organizations(TestNode.ORGAN_B, null));
      assertEquals(List.of(TestNode.ORGAN_B), one.stream().map(Organization::organId).toList());
      assertTrue(one.get(0).local());
      List<Organization> byName = accepted(a.organizations(null, "organ 000.00.03"));
      assertEquals(List.of(TestNode.ORGAN_C), byName.stream().map(Organization::organId).toList());
    }
  }

  @Test
  void nodeThatIsDownGivesARetryableExceptionAfterThePolicysAttempts() throws Exception {
    List<Long> waits = new CopyOnWriteArrayList<>();
    ClientListener listener =
        new ClientListener() {
          @Override
          public void retrying(String operation, int attempt, String reason, long waitMillis) {
            waits.add(waitMillis);
          }
        };
    Path config =
        ClientFiles.write(
            NODE,
            TestNode.ORGAN_A,
            NODE.pki().organ(TestNode.ORGAN_A),
            ClientFiles.deadEndpoint(),
            dir.resolve("dead"));
    try (EdxmlClient client =
        ClientConfig.load(config).toBuilder()
            .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(150)))
            .connectTimeout(Duration.ofSeconds(2))
            .listener(listener)
            .build()) {
      long start = System.nanoTime();
      EdxmlClientException e =
          assertThrows(
              EdxmlClientException.class,
              () -> client.send(Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B)));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(e.retryable(), e.getMessage());
      assertFalse(e.untrusted());
      assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
      assertEquals(List.of(100L, 150L), waits);
      assertTrue(millis < 10_000, "bounded: " + millis + " ms");
      assertThrows(EdxmlClientException.class, () -> client.pending());
    }
  }

  @Test
  void answerSignedByAnotherCertificateIsNotTrustedAndNotRetried() throws Exception {
    AtomicInteger retries = new AtomicInteger();
    ClientListener listener =
        new ClientListener() {
          @Override
          public void retrying(String operation, int attempt, String reason, long waitMillis) {
            retries.incrementAndGet();
          }
        };
    // Expects organ B's certificate (same CA) as the node's: the real node's answer is refused.
    EdxmlClient.Builder builder =
        EdxmlClient.builder()
            .endpoint(java.net.URI.create(NODE.node().address()))
            .organ(TestNode.ORGAN_A)
            .keyStore(
                NODE.pki().organ(TestNode.ORGAN_A).toKeyStore("organ", "pw".toCharArray()),
                "pw".toCharArray(),
                "organ")
            .trustedCa(NODE.pki().ca().certificate())
            .nodeCertificate(NODE.pki().organ(TestNode.ORGAN_B).certificate())
            .retry(RetryPolicy.DEFAULT)
            .listener(listener);
    try (EdxmlClient client = builder.build()) {
      EdxmlClientException e =
          assertThrows(EdxmlClientException.class, () -> client.organizations(null, null));
      assertTrue(e.untrusted(), e.getMessage());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("node.certificate"), e.getMessage());
      EdxmlClientException send =
          assertThrows(
              EdxmlClientException.class,
              () -> client.send(Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B)));
      assertTrue(send.untrusted(), send.getMessage());
      assertEquals(0, retries.get());
    }
  }

  @Test
  void oneClientIsSharedByManyThreads() throws Exception {
    int threads = 6;
    int perThread = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (EdxmlClient a = EdxmlClient.fromConfig(configA);
        EdxmlClient b = EdxmlClient.fromConfig(configB)) {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    Edoc edoc = Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B);
                    SendReceipt r = accepted(a.send(edoc));
                    assertEquals(edoc.documentId(), r.documentId());
                    accepted(a.organizations(TestNode.ORGAN_A, null));
                    ids.add(r.messageId());
                  }
                  return ids;
                }));
      }
      Set<String> sent = new java.util.HashSet<>();
      for (Future<List<String>> f : results) {
        sent.addAll(f.get(120, TimeUnit.SECONDS));
      }
      assertEquals(threads * perThread, sent.size());
      Set<String> waiting =
          accepted(b.pending("edoc", 500)).messages().stream()
              .map(Pending.Message::messageId)
              .collect(Collectors.toSet());
      assertTrue(waiting.containsAll(sent));
    } finally {
      pool.shutdownNow();
    }
  }

  static byte[] zip(String... nameAndContent) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < nameAndContent.length; i += 2) {
        zip.putNextEntry(new ZipEntry(nameAndContent[i]));
        zip.write(nameAndContent[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static String sha256(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        d.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }
}

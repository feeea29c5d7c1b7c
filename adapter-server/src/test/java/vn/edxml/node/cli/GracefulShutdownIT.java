package vn.edxml.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.edxml.client.internal.ExchangePorts;
import vn.edxml.client.internal.Interchanges;
import vn.edxml.client.internal.ResponseSignerCheck;
import vn.edxml.client.internal.WsSecurityProperties;
import vn.edxml.client.internal.Wss4jCrypto;
import vn.edxml.model.Edoc;
import vn.edxml.node.Node;
import vn.edxml.node.store.MessageRecord;
import vn.edxml.node.store.MessageStore;
import vn.edxml.node.store.Stores;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.pki.Credential;
import vn.edxml.pki.Pem;
import vn.edxml.schema.envelope.Interchange;
import vn.edxml.schema.envelope.MessageType;
import vn.edxml.wsdl.service.EdxmlExchangePortType;
import vn.edxml.wsdl.service.PackageRequest;
import vn.edxml.wsdl.service.Receipt;

/**
 * Graceful shutdown: a request in flight when the node is asked to stop either completes with a
 * receipt for a durably stored message, or fails cleanly with nothing stored; a request after the
 * stop is refused at once.
 */
class GracefulShutdownIT {

  private static final String A = "000.00.01.H98";
  private static final String B = "000.00.02.H98";

  private final CliRun cli = new CliRun();
  private Bus bus;

  @AfterEach
  void cleanUp() {
    cli.closeServed();
    if (bus != null) {
      bus.shutdown(true);
    }
  }

  @Test
  void aRequestInFlightFinishesWithAReceiptAndIsStored() throws Exception {
    Started s = start("20s");
    Sent sent = sendSlowly(s, Duration.ofMillis(1_500));
    waitUntilTheNodeReceives(s);
    s.node.close();
    Receipt receipt = sent.future.get(60, TimeUnit.SECONDS);
    assertEquals(sent.messageId, receipt.getMessageId());

    try (MessageStore store = reopen(s)) {
      MessageRecord stored = store.messageFromSender(A, sent.messageId).orElseThrow();
      assertEquals(sent.bytes.length, stored.payloadSize());
      Path payload = Stores.payloadStore(s.dataDir).path(stored.payloadSha256());
      assertEquals(HexFormat.of().formatHex(TestClient.sha256(sent.bytes)), stored.payloadSha256());
      assertTrue(Files.isRegularFile(payload), "the payload is on disk: " + payload);
      assertEquals(sent.bytes.length, Files.size(payload));
    }
    assertRefusedAfterStop(s);
  }

  @Test
  void aRequestOutlivingTheGracePeriodFailsCleanlyAndNothingIsStored() throws Exception {
    Started s = start("1s");
    Sent sent = sendSlowly(s, Duration.ofSeconds(8));
    waitUntilTheNodeReceives(s);
    Instant before = Instant.now();
    s.node.close();
    assertTrue(
        Duration.between(before, Instant.now()).toSeconds() < 8,
        "close waits about the grace period, not for the slow request");
    try {
      Receipt r = sent.future.get(60, TimeUnit.SECONDS);
      fail("expected no receipt, got message " + r.getMessageId());
    } catch (ExecutionException expected) {
      // a clean error on the client: connection closed or a fault, never a receipt
    }
    try (MessageStore store = reopen(s)) {
      assertTrue(store.messageFromSender(A, sent.messageId).isEmpty(), "nothing half-stored");
      assertTrue(store.pending(B, null, 10).isEmpty());
    }
    assertRefusedAfterStop(s);
  }

  // ------------------------------------------------------------------ helpers

  private record Started(Node node, ConfigFolder folder, Path dataDir) {}

  private record Sent(String messageId, byte[] bytes, CompletableFuture<Receipt> future) {}

  private Started start(String grace) throws Exception {
    ConfigFolder c = new ConfigFolder("graceful");
    Pem.writeCertificate(c.dir.resolve("a.pem"), c.pki.organ(A).certificate());
    Pem.writeCertificate(c.dir.resolve("b.pem"), c.pki.organ(B).certificate());
    Files.writeString(
        c.dir.resolve("directory.txt"),
        A + " | Organ A | | | a.pem\n" + B + " | Organ B | | | b.pem\n");
    c.set("directory.file", "directory.txt").set("shutdown.grace", grace);
    CliRun.Result r = cli.run("--config", c.write().toString());
    assertEquals(0, r.code(), r::toString);
    Node node = cli.served.get(0);
    return new Started(node, c, node.config().dataDir());
  }

  /** Sends a ~3 MB document whose bytes trickle out over about {@code pace} per pass. */
  private Sent sendSlowly(Started s, Duration pace) throws Exception {
    Credential organ = s.folder.pki.organ(A);
    char[] pw = "pw".toCharArray();
    Map<String, Object> props =
        WsSecurityProperties.signing(
            Wss4jCrypto.create(
                organ.toKeyStore("organ", pw), List.of(s.folder.pki.ca().certificate())),
            "organ",
            pw,
            organ.certificate().getPublicKey().getAlgorithm(),
            Duration.ofSeconds(300),
            Duration.ofSeconds(60),
            false);
    bus = BusFactory.newInstance().createBus();
    EdxmlExchangePortType port =
        ExchangePorts.create(
            bus,
            s.node.address(),
            props,
            true,
            Duration.ofSeconds(10),
            Duration.ofSeconds(120),
            new ResponseSignerCheck(Set.of(s.folder.pki.node().certificate())));
    Edoc edoc =
        Edoc.builder()
            .from(Documents.organ(A))
            .to(Documents.organ(B))
            .code(Integer.toString(100 + (int) (System.nanoTime() % 800)), "UBND-VP")
            .promulgated("Hà Nội", java.time.LocalDate.now().minusDays(1))
            .type(1, "Công văn")
            .subject("V/v thử nghiệm dừng nút an toàn")
            .signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
            .attach(Documents.text("lon.txt", "Nội dung dài. ".repeat(200_000)))
            .build();
    byte[] bytes = TestClient.bytes(edoc);
    String messageId = UUID.randomUUID().toString();
    Interchange ix =
        Interchanges.send(
            messageId,
            A,
            List.of(B),
            MessageType.EDOC,
            edoc.documentId(),
            TestClient.sha256(bytes),
            bytes.length,
            Instant.now());
    long pauseEveryChunk = Math.max(1, pace.toMillis() / Math.max(1, bytes.length / 65_536));
    CompletableFuture<Receipt> future =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                ExchangePorts.interchange(port, ix);
                PackageRequest request = new PackageRequest();
                request.setPackage(new DataHandler(new SlowSource(bytes, pauseEveryChunk)));
                return port.sendDocument(request);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    return new Sent(messageId, bytes, future);
  }

  /** Waits until the node spools or stages the incoming request (it is in flight). */
  private static void waitUntilTheNodeReceives(Started s) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      for (String folder : List.of("spool", "incoming", "tmp")) {
        try (var files = Files.list(s.dataDir.resolve(folder))) {
          if (files.findAny().isPresent()) {
            return;
          }
        }
      }
      Thread.sleep(5);
    }
    fail("the node never started receiving the request");
  }

  private static MessageStore reopen(Started s) {
    return Stores.messageStore(s.node.config().storeUrl())
        .user(s.node.config().storeUser())
        .password(s.node.config().storePassword())
        .nodeCode(ConfigFolder.NODE_ID)
        .open();
  }

  private static void assertRefusedAfterStop(Started s) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Instant before = Instant.now();
    assertThrows(
        IOException.class,
        () ->
            http.send(
                HttpRequest.newBuilder(URI.create(s.node.baseUrl() + "/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
    assertTrue(Duration.between(before, Instant.now()).toSeconds() < 5, "refused at once");
  }

  /** Package bytes read slowly: a pause after every 64 KiB. */
  private record SlowSource(byte[] bytes, long pauseMillis) implements DataSource {
    @Override
    public InputStream getInputStream() {
      return new FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
        private long sincePause;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (sincePause >= 65_536) {
            sincePause = 0;
            try {
              Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.io.InterruptedIOException();
            }
          }
          int n = super.read(b, off, (int) Math.min(len, 65_536 - sincePause));
          if (n > 0) {
            sincePause += n;
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
      return "package";
    }
  }
}

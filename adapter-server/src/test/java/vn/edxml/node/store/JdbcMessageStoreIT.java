package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.edxml.node.store.Fixtures.T0;
import static vn.edxml.node.store.Fixtures.edoc;
import static vn.edxml.node.store.Fixtures.organ;
import static vn.edxml.node.store.Fixtures.status;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import vn.edxml.node.store.MessageRecord.DeliveryRecord;

/** Every {@link MessageStore} method, on H2 and on PostgreSQL. */
@ParameterizedClass
@EnumSource(Engine.class)
@ExtendWith(TestDatabases.class)
class JdbcMessageStoreIT {

  private static final String A = "000.00.00.G22";
  private static final String B = "000.00.00.H29";
  private static final String C = "000.00.00.H30";

  @Parameter Engine engine;

  private MessageStore store;

  @BeforeEach
  void open(TestDatabases databases, @TempDir Path dir) {
    store = TestDatabases.open(engine, databases.newUrl(engine, dir));
  }

  @AfterEach
  void close() {
    store.close();
  }

  // ---------------------------------------------------------------- directory

  @Test
  void organsArePutReplacedAndFound() {
    store.putOrgan(new OrganRecord(A, "Văn phòng Chính phủ", null, "NODE.TEST", true));
    store.putOrgan(new OrganRecord("000.00.01.H29", "UBND tỉnh Hà Giang", A, "NODE.X", false));
    store.putOrgan(new OrganRecord(B, "ỦY BAN NHÂN DÂN tỉnh Hà Nội", A, "NODE.TEST", true));
    assertEquals(
        Optional.of(new OrganRecord(B, "ỦY BAN NHÂN DÂN tỉnh Hà Nội", A, "NODE.TEST", true)),
        store.organ(B));

    store.putOrgan(new OrganRecord(B, "UBND thành phố Hà Nội", null, "NODE.Y", false));
    assertEquals(
        Optional.of(new OrganRecord(B, "UBND thành phố Hà Nội", null, "NODE.Y", false)),
        store.organ(B));
    assertEquals(Optional.empty(), store.organ("nope"));
    assertEquals(Optional.empty(), store.organ(B.toLowerCase()));

    assertEquals(List.of(A, "000.00.00.H29", "000.00.01.H29"), codes(store.organs(null, null, 10)));
    assertEquals(List.of(A, B), codes(store.organs("000.00.00", null, 10)));
    assertEquals(List.of(A), codes(store.organs(null, null, 1)));
    assertEquals(List.of("000.00.01.H29"), codes(store.organs(null, "HÀ GIANG", 10)));
    assertEquals(List.of(A), codes(store.organs(null, "chính", 10)));
    assertEquals(List.of(B), codes(store.organs("000.00.00", "hà", 10)));
    // LIKE wildcards in the input are literal
    assertEquals(List.of(), codes(store.organs("000_00", null, 10)));
    assertEquals(List.of(), codes(store.organs(null, "%", 10)));
  }

  private static List<String> codes(List<OrganRecord> organs) {
    return organs.stream().map(OrganRecord::code).toList();
  }

  @Test
  void certificatesAreRegisteredOnceAndRevoked() {
    store.putOrgan(organ(A, "A"));
    store.putOrgan(organ(B, "B"));
    String fp = Fixtures.sha256("cert-1");
    CertificateRecord cert =
        new CertificateRecord(
            fp,
            A,
            "CN=A,O=Gov,C=VN",
            "0a1b",
            Instant.parse("2025-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59Z"),
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            null);
    store.addCertificate(cert);
    store.addCertificate(cert); // same organ again: no-op
    assertEquals(List.of(cert), store.certificates(A));
    assertEquals(Optional.of(cert), store.certificate(fp.toUpperCase()));
    assertFalse(store.certificate(fp).orElseThrow().revoked());

    StoreException conflict =
        assertThrows(
            StoreException.class,
            () ->
                store.addCertificate(
                    new CertificateRecord(fp, B, "CN=B", "1", T0, T0.plusSeconds(1), "pem", null)));
    assertEquals(StoreException.Reason.CONFLICT, conflict.reason());
    assertEquals(List.of(), store.certificates(B));

    StoreException unknownOrgan =
        assertThrows(
            StoreException.class,
            () ->
                store.addCertificate(
                    new CertificateRecord(
                        Fixtures.sha256("cert-2"), "NOPE", "CN=X", "2", T0, T0, "pem", null)));
    assertEquals(StoreException.Reason.NOT_FOUND, unknownOrgan.reason());

    Instant later = Instant.parse("2025-06-01T00:00:00Z");
    Instant earlier = Instant.parse("2025-05-01T00:00:00Z");
    assertTrue(store.revokeCertificate(fp, later));
    assertTrue(store.revokeCertificate(fp, earlier));
    assertTrue(store.revokeCertificate(fp, later)); // keeps the earlier time
    assertEquals(earlier, store.certificate(fp).orElseThrow().revokedAt());
    assertTrue(store.certificate(fp).orElseThrow().revoked());
    assertFalse(store.revokeCertificate(Fixtures.sha256("unknown"), later));
  }

  // ---------------------------------------------------------------- store outcomes

  @Test
  void storeReturnsTheStoredRecord() {
    NewMessage m = edoc(A, "m-1", "DOC-1").to(B, C).traceAccepted().build();
    StoreOutcome outcome = store.store(m);

    MessageRecord r = assertInstanceOf(StoreOutcome.Stored.class, outcome).message();
    assertTrue(r.id() > 0);
    assertEquals(A, r.sender());
    assertEquals("m-1", r.messageId());
    assertEquals("edoc", r.messageType());
    assertEquals("DOC-1", r.documentId());
    assertEquals(0, r.businessType());
    assertNull(r.statusCode());
    assertEquals(m.subject(), r.subject());
    assertEquals(m.payloadSha256(), r.payloadSha256());
    assertEquals(m.payloadSize(), r.payloadSize());
    assertEquals(m.interchangeXml(), r.interchangeXml());
    assertEquals(T0, r.receivedAt());
    assertEquals(
        List.of(
            new DeliveryRecord(B, DeliveryState.DELIVERED, null, T0),
            new DeliveryRecord(C, DeliveryState.DELIVERED, null, T0)),
        r.deliveries());
    assertEquals(Optional.of(r), store.messageFromSender(A, "m-1"));
    assertEquals(2, store.traces("DOC-1").size());
  }

  @Test
  void sameMessageAgainIsADuplicateAndDifferentContentAConflict() {
    MessageRecord original =
        ((StoreOutcome.Stored) store.store(edoc(A, "m-1", "DOC-1").to(B).build())).message();

    StoreOutcome again = store.store(edoc(A, "m-1", "DOC-1").to(B).traceAccepted().build());
    assertEquals(new StoreOutcome.Duplicate(original), again);

    StoreOutcome other =
        store.store(edoc(A, "m-1", "DOC-9").payload("other bytes").to(C).traceAccepted().build());
    assertEquals(new StoreOutcome.MessageIdConflict(original), other);

    // the same message id from another sender is another message
    assertInstanceOf(StoreOutcome.Stored.class, store.store(edoc(C, "m-1", "DOC-2").to(B).build()));
    assertEquals(new StoreStats(2, original.payloadSize() * 2), store.stats());
    assertEquals(List.of(), store.traces("DOC-9"));
    assertEquals(List.of(), store.traces("DOC-1"));
    assertEquals(1, store.pending(B, null, 10).stream().filter(p -> p.sender().equals(A)).count());
  }

  @Test
  void aSecondNewDocumentWithTheSameDocumentIdIsRefusedAndNothingIsStored() {
    store.store(edoc(A, "m-1", "DOC-1").to(B).build());
    StoreStats before = store.stats();

    StoreOutcome outcome = store.store(edoc(C, "m-2", "DOC-1").to(B).traceAccepted().build());

    assertEquals(new StoreOutcome.DocumentExists("DOC-1", "m-1"), outcome);
    assertEquals(before, store.stats());
    assertEquals(Optional.empty(), store.messageFromSender(C, "m-2"));
    assertEquals(List.of(), store.traces("DOC-1"));
    assertEquals(1, store.pending(B, null, 10).size());
    // an update (business type 2) of the same document is not a new document
    assertInstanceOf(
        StoreOutcome.Stored.class,
        store.store(edoc(A, "m-3", "DOC-1").businessType(2).to(B).build()));
  }

  @Test
  void aStatusOnceKeyIsRecordedOnce() {
    store.store(edoc(A, "m-1", "DOC-1").to(B).build());
    assertFalse(store.statusRecorded("DOC-1", B, "01"));

    assertInstanceOf(
        StoreOutcome.Stored.class,
        store.store(status(B, "s-1", "DOC-1", "01").to(A).statusOnce().build()));
    assertTrue(store.statusRecorded("DOC-1", B, "01"));
    assertFalse(store.statusRecorded("DOC-1", B, "03"));
    assertFalse(store.statusRecorded("DOC-1", C, "01"));

    StoreOutcome again =
        store.store(status(B, "s-2", "DOC-1", "01").to(A).statusOnce().traceAccepted().build());
    assertEquals(new StoreOutcome.StatusExists("DOC-1", B, "01"), again);
    assertEquals(Optional.empty(), store.messageFromSender(B, "s-2"));

    // without the key, the same status may be stored again (e.g. 05 processing, several times)
    store.store(status(B, "s-3", "DOC-1", "05").to(A).build());
    assertInstanceOf(
        StoreOutcome.Stored.class, store.store(status(B, "s-4", "DOC-1", "05").to(A).build()));
    assertFalse(store.statusRecorded("DOC-1", B, "05"));
  }

  @Test
  void invalidMessagesAreRefusedBeforeTouchingTheDatabase() {
    assertThrows(
        IllegalArgumentException.class,
        () -> store.store(edoc(A, "m", "D").payload("x").to(B, B).build()));
    assertThrows(
        IllegalArgumentException.class,
        () -> store.store(new Fixtures.Msg(A, "m", "fax", "D").to(B).build()));
    assertThrows(
        IllegalArgumentException.class,
        () -> store.store(status(B, "s", "D", null).statusOnce().to(A).build()));
    assertEquals(new StoreStats(0, 0), store.stats());
  }

  // ---------------------------------------------------------------- mailbox

  @Test
  void pendingIsOldestFirstAndPagesWithOneExtraRow() {
    // stored out of order: received time decides, then storage order
    store.store(edoc(A, "m-3", "D3").at(T0.plusSeconds(3)).to(B).build());
    store.store(edoc(A, "m-1", "D1").at(T0.plusSeconds(1)).to(B).build());
    store.store(status(C, "s-2", "D1", "01").at(T0.plusSeconds(2)).to(B).build());
    store.store(edoc(A, "m-2b", "D2b").at(T0.plusSeconds(2)).to(B).build());
    store.store(edoc(A, "m-4", "D4").at(T0.plusSeconds(4)).to(C).build());
    store.store(edoc(A, "m-5", "D5").at(T0.plusSeconds(5)).queued(B, "NODE.UP").build());

    assertEquals(List.of("m-1", "s-2", "m-2b", "m-3"), ids(store.pending(B, null, 10)));
    assertEquals(List.of("m-1", "s-2", "m-2b"), ids(store.pending(B, null, 2)));
    assertEquals(List.of("m-1", "m-2b", "m-3"), ids(store.pending(B, "edoc", 10)));
    assertEquals(List.of("s-2"), ids(store.pending(B, "status", 10)));
    assertEquals(List.of("m-4"), ids(store.pending(C, null, 10)));
    assertEquals(List.of(), ids(store.pending("NOBODY", null, 10)));

    PendingRecord first = store.pending(B, null, 1).get(0);
    assertEquals(
        new PendingRecord(
            "m-1",
            "edoc",
            "D1",
            A,
            T0.plusSeconds(1),
            "payload of m-1".length(),
            "Công văn số 12/UBND",
            null),
        first);
    assertEquals("01", store.pending(B, "status", 1).get(0).statusCode());

    // confirmed messages leave the mailbox; the next page follows
    store.confirm(B, "m-1", T0.plusSeconds(10));
    store.confirm(B, "s-2", T0.plusSeconds(10));
    assertEquals(List.of("m-2b", "m-3"), ids(store.pending(B, null, 2)));
    assertThrows(IllegalArgumentException.class, () -> store.pending(B, null, 0));
    assertThrows(IllegalArgumentException.class, () -> store.pending(B, "fax", 1));
  }

  private static List<String> ids(List<PendingRecord> pending) {
    return pending.stream().map(PendingRecord::messageId).toList();
  }

  @Test
  void aRecipientSeesOnlyItsOwnMessagesAndOnlyItsOwnDelivery() {
    store.store(edoc(A, "m-1", "DOC-1").to(B, C).build());
    store.store(edoc(A, "m-2", "DOC-2").queued(B, "NODE.UP").build());

    MessageRecord seenByB = store.messageForRecipient(B, "m-1").orElseThrow();
    assertEquals("m-1", seenByB.messageId());
    assertEquals(List.of(B), seenByB.deliveries().stream().map(DeliveryRecord::recipient).toList());

    // foreign, unknown and not-in-mailbox give the same empty answer
    assertEquals(Optional.empty(), store.messageForRecipient(A, "m-1"));
    assertEquals(Optional.empty(), store.messageForRecipient("000.00.00.X99", "m-1"));
    assertEquals(Optional.empty(), store.messageForRecipient(B, "no-such-id"));
    assertEquals(Optional.empty(), store.messageForRecipient(B, "m-2"));
    assertEquals(Optional.empty(), store.confirm(A, "m-1", T0));
    assertEquals(Optional.empty(), store.confirm(B, "no-such-id", T0));
    assertEquals(Optional.empty(), store.confirm(B, "m-2", T0));

    // the sender sees every recipient
    assertEquals(2, store.messageFromSender(A, "m-1").orElseThrow().deliveries().size());
    assertEquals(Optional.empty(), store.messageFromSender(B, "m-1"));
  }

  @Test
  void confirmIsIdempotentAndTracesOnce() {
    store.store(edoc(A, "m-1", "DOC-1").to(B, C).traceAccepted().build());
    Instant t1 = T0.plus(5, ChronoUnit.MINUTES).plusNanos(123_456_789);
    Instant t1Micros = t1.truncatedTo(ChronoUnit.MICROS);

    Confirmation first = store.confirm(B, "m-1", t1).orElseThrow();
    assertFalse(first.alreadyConfirmed());
    assertEquals(t1Micros, first.confirmedAt());
    assertEquals(
        List.of(new DeliveryRecord(B, DeliveryState.CONFIRMED, null, t1Micros)),
        first.message().deliveries());

    Confirmation second = store.confirm(B, "m-1", t1.plusSeconds(60)).orElseThrow();
    assertTrue(second.alreadyConfirmed());
    assertEquals(t1Micros, second.confirmedAt());

    List<TraceRecord> traces = store.traces("DOC-1");
    assertEquals(3, traces.size());
    TraceRecord confirmed = traces.get(2);
    assertEquals(
        new TraceRecord(
            "DOC-1",
            B,
            t1Micros,
            TraceRecord.Kind.TRANSPORT,
            "confirmed",
            B,
            "NODE.TEST",
            "m-1",
            null),
        confirmed);
    // C still has it pending; the sender sees B confirmed and C delivered
    assertEquals(List.of("m-1"), ids(store.pending(C, null, 5)));
    assertEquals(List.of(), ids(store.pending(B, null, 5)));
    assertEquals(
        List.of(DeliveryState.CONFIRMED, DeliveryState.DELIVERED),
        store.messageFromSender(A, "m-1").orElseThrow().deliveries().stream()
            .map(DeliveryRecord::state)
            .toList());
    // a confirmed message can still be fetched by its recipient
    assertTrue(store.messageForRecipient(B, "m-1").isPresent());
  }

  // ---------------------------------------------------------------- documents and traces

  @Test
  void documentIsDerivedFromStoredMessages() {
    assertEquals(Optional.empty(), store.document("DOC-1"));
    store.store(edoc(A, "m-1", "DOC-1").to(B).build());
    store.store(edoc(A, "m-2", "DOC-1").businessType(2).to(C).build());
    store.store(status(B, "s-1", "DOC-1", "01").to(A).build());
    store.store(edoc(C, "m-3", "DOC-OTHER").to(A).build());

    DocumentRecord doc = store.document("DOC-1").orElseThrow();
    assertEquals("DOC-1", doc.documentId());
    assertEquals(A, doc.issuer());
    assertEquals(Set.of(B, C), doc.recipients());
    assertEquals(Set.of(A, B, C), doc.participants());

    store.store(status(C, "s-2", "DOC-ONLY-STATUS", "02").to(A).build());
    DocumentRecord statusOnly = store.document("DOC-ONLY-STATUS").orElseThrow();
    assertNull(statusOnly.issuer());
    assertEquals(Set.of(), statusOnly.recipients());
    assertEquals(Set.of(C), statusOnly.participants());
  }

  @Test
  void tracesAreOldestFirst() {
    TraceRecord late =
        new TraceRecord(
            "DOC-1", B, T0.plusSeconds(9), TraceRecord.Kind.STATUS, "03", B, "N", "s-9", "đã nhận");
    TraceRecord early =
        new TraceRecord(
            "DOC-1", B, T0, TraceRecord.Kind.TRANSPORT, "forwarded", null, "N", null, null);
    TraceRecord sameTime =
        new TraceRecord(
            "DOC-1", C, T0, TraceRecord.Kind.TRANSPORT, "queued", null, null, null, "x".repeat(50));
    store.addTrace(late);
    store.addTrace(early);
    store.addTrace(sameTime);
    store.addTrace(
        new TraceRecord("DOC-2", C, T0, TraceRecord.Kind.STATUS, "01", C, null, null, null));
    assertEquals(List.of(early, sameTime, late), store.traces("DOC-1"));
    assertEquals(List.of(), store.traces("DOC-3"));
  }

  // ---------------------------------------------------------------- maintenance and values

  @Test
  void referencedPayloadsAndStats() {
    assertEquals(Set.of(), store.referencedPayloads());
    assertEquals(new StoreStats(0, 0), store.stats());
    Fixtures.Msg m1 = edoc(A, "m-1", "D1").payload("same").to(B);
    Fixtures.Msg m2 = edoc(C, "m-2", "D2").payload("same").to(B);
    Fixtures.Msg m3 = edoc(C, "m-3", "D3").payload("other").to(B);
    store.store(m1.build());
    store.store(m2.build());
    store.store(m3.build());
    assertEquals(Set.of(m1.digest(), m3.digest()), store.referencedPayloads());
    assertEquals(new StoreStats(3, 4 + 4 + 5), store.stats());
    assertTrue(store.isHealthy());
  }

  @Test
  void instantsRoundTripToTheMicrosecond() {
    List<Instant> instants =
        List.of(
            Instant.parse("1970-01-01T00:00:00Z"),
            Instant.parse("2025-12-31T23:59:59.999999Z"),
            Instant.parse("2024-02-29T12:00:00.000001Z"),
            Instant.parse("2099-06-15T07:30:00.5Z"),
            Instant.parse("2025-03-30T01:30:00.123Z"));
    int i = 0;
    for (Instant at : instants) {
      String id = "t-" + i++;
      MessageRecord r =
          ((StoreOutcome.Stored) store.store(edoc(A, id, "D-" + id).at(at).to(B).build()))
              .message();
      assertEquals(at, r.receivedAt());
      assertEquals(at, store.messageFromSender(A, id).orElseThrow().receivedAt());
      assertEquals(
          at, store.messageForRecipient(B, id).orElseThrow().deliveries().get(0).updatedAt());
    }
    // nanoseconds are truncated (not rounded) to microseconds, the same on both engines
    Instant nanos = Instant.parse("2025-01-01T00:00:00.999999999Z");
    MessageRecord r =
        ((StoreOutcome.Stored) store.store(edoc(A, "n", "D-n").at(nanos).to(B).build())).message();
    assertEquals(Instant.parse("2025-01-01T00:00:00.999999Z"), r.receivedAt());
    assertEquals(
        r.receivedAt(),
        store.pending(B, null, 100).stream()
            .filter(p -> p.messageId().equals("n"))
            .findFirst()
            .orElseThrow()
            .receivedAt());
  }

  @Test
  void closedStoreIsUnhealthyAndFails() {
    store.close();
    assertFalse(store.isHealthy());
    assertThrows(StoreException.class, () -> store.organ(A));
    store.close(); // idempotent
  }
}

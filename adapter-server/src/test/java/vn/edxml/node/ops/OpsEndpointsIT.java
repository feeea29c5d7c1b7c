package vn.edxml.node.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.edxml.node.testing.Documents;
import vn.edxml.node.testing.TestClient;
import vn.edxml.node.testing.TestNode;

class OpsEndpointsIT {

  @RegisterExtension static final TestNode NODE = new TestNode();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(NODE.node().baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double value(String metrics, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void healthIsUpWhileServing() throws Exception {
    HttpResponse<String> health = get("/health");
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
    assertTrue(health.body().contains("\"store\":\"UP\""), health.body());
  }

  @Test
  void metricsCountMessagesFaultsLatencyAndStoreSize() throws Exception {
    String before = get("/metrics").body();
    try (TestClient a = NODE.client(TestNode.ORGAN_A);
        TestClient b = NODE.client(TestNode.ORGAN_B)) {
      var receipt = a.send(Documents.edoc(TestNode.ORGAN_A, TestNode.ORGAN_B));
      b.fetch(receipt.getMessageId());
      TestClient.faultCode(() -> b.get("no-such-message"));
    }
    HttpResponse<String> response = get("/metrics");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
    String after = response.body();
    assertEquals(
        1,
        value(after, "edxml_messages_in_total{type=\"edoc\"}")
            - value(before, "edxml_messages_in_total{type=\"edoc\"}"));
    assertEquals(
        1,
        value(after, "edxml_messages_out_total{type=\"edoc\"}")
            - value(before, "edxml_messages_out_total{type=\"edoc\"}"));
    assertEquals(
        1,
        value(after, "edxml_faults_total{code=\"not_found\"}")
            - value(before, "edxml_faults_total{code=\"not_found\"}"));
    assertTrue(
        value(after, "edxml_request_duration_seconds_count{operation=\"SendDocument\"}") >= 1);
    // The whole exchange is timed once per call, answered or refused, and contains the service.
    assertEquals(1, delta(before, after, "edxml_exchange_duration_seconds_count", "SendDocument"));
    assertEquals(2, delta(before, after, "edxml_exchange_duration_seconds_count", "GetDocument"));
    assertTrue(
        delta(before, after, "edxml_exchange_duration_seconds_sum", "SendDocument")
            > delta(before, after, "edxml_request_duration_seconds_sum", "SendDocument"));
    assertTrue(value(after, "edxml_store_messages") >= 1);
    assertTrue(value(after, "edxml_store_payload_bytes") > 0);
  }

  private static double delta(String before, String after, String metric, String operation) {
    String series = metric + "{operation=\"" + operation + "\"}";
    return value(after, series) - value(before, series);
  }

  @Test
  void anExchangeListenerSeesEachExchangeOnce() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    NODE.node()
        .metrics()
        .addExchangeListener(
            (operation, nanos) -> seen.add(nanos > 0 ? operation : operation + " without time"));
    try (TestClient b = NODE.client(TestNode.ORGAN_B)) {
      b.pending();
      TestClient.faultCode(() -> b.get("no-such-message"));
    }
    // The node writes its timing after the answer's last byte, so it may come a moment later.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (seen.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of("GetPendingDocuments", "GetDocument"), seen);
  }

  @Test
  void wsdlIsPublished() throws Exception {
    HttpResponse<String> wsdl = get("/edxml/exchange?wsdl");
    assertEquals(200, wsdl.statusCode());
    assertTrue(wsdl.body().contains("EdxmlExchangeService"));
    assertTrue(
        wsdl.body().contains("sp:AsymmetricBinding") || wsdl.body().contains("AsymmetricBinding"));
  }
}

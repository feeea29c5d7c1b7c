package vn.edxml.node.security;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server on 127.0.0.1 that counts every request: a hostile document pointing at it
 * proves, by a count of zero, that the parser made no outbound connection.
 */
final class CounterServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();

  CounterServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          byte[] body = "<!ENTITY leak 'x'><!ENTITY % p 'y'>".getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  int hits() {
    return hits.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

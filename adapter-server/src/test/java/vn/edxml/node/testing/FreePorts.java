package vn.edxml.node.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Ports for servers that must be named before they start (peers list each other's endpoints) or
 * that start again on the same port.
 *
 * <p>A port from {@code new ServerSocket(0)} comes from the ephemeral range, which the JVM's own
 * outgoing connections also draw from (HTTP clients, database connections): between the probe and
 * the server's bind one of them can take it ("Address already in use", seen once in CI in
 * MiddleNodeRestartIT). These ports are drawn below that range, where no outgoing connection lands,
 * checked free on 127.0.0.1, and never handed out twice in one JVM.
 */
public final class FreePorts {

  private static final Set<Integer> GIVEN = new HashSet<>(); // guarded by the class lock
  private static final SplittableRandom RANDOM = new SplittableRandom();
  private static final int LOWEST = 10_000;

  private FreePorts() {}

  /** A free loopback port outside the ephemeral range (or, failing that, any free port). */
  public static synchronized int next() throws IOException {
    int ephemeralLow = ephemeralLow();
    if (ephemeralLow - LOWEST >= 1_000) {
      for (int attempt = 0; attempt < 200; attempt++) {
        int port = LOWEST + RANDOM.nextInt(ephemeralLow - LOWEST);
        if (!GIVEN.contains(port) && bindable(port)) {
          GIVEN.add(port);
          return port;
        }
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      GIVEN.add(s.getLocalPort());
      return s.getLocalPort();
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range; 49152 (IANA) where it cannot be read. */
  private static int ephemeralLow() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    try {
      if (Files.isReadable(range)) {
        // Not Files.readString: /proc files report size 0, and it returned "3" of "32768 60999"
        // here.
        try (java.io.BufferedReader r = Files.newBufferedReader(range)) {
          String line = r.readLine();
          return Integer.parseInt(line.strip().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return 49_152;
  }
}

package vn.edxml.node.bench.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitWatchTest {

  @Test
  void theShareIsCompilingTimeOverTheWindow() {
    assertEquals(0.25, JitWatch.share(1_250, 5_000_000_000L), 1e-9);
    assertEquals(0.0, JitWatch.share(0, 5_000_000_000L));
    // Two compiler threads busy the whole window: more than the window.
    assertEquals(2.0, JitWatch.share(10_000, 5_000_000_000L), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> JitWatch.share(1, 0));
  }

  @Test
  void aWindowMustCloseBeforeAnythingIsSaid() {
    long t0 = 1_000_000_000L;
    JitWatch watch = JitWatch.start(t0);
    assertFalse(watch.quiet(t0 + JitWatch.WINDOW.toNanos() - 1), "the window is still open");
    assertTrue(Double.isNaN(watch.lastShare()));
    if (watch.supported()) {
      // Closing the window reads a share; whether it is quiet depends on this JVM's compilers.
      watch.quiet(t0 + JitWatch.WINDOW.toNanos());
      assertTrue(watch.lastShare() >= 0, () -> "share " + watch.lastShare());
    } else {
      assertFalse(watch.quiet(t0 + 10 * JitWatch.WINDOW.toNanos()));
    }
  }
}

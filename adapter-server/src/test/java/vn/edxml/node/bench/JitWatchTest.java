package vn.edxml.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void aSumThatWentDownOrCannotBeReadTellsNothing() {
    long window = 5_000_000_000L;
    assertEquals(0.25, JitWatch.shareBetween(10_000, 11_250, window), 1e-9);
    assertEquals(0.0, JitWatch.shareBetween(700, 700, window));
    // A compiler thread ended and took its time out of the sum: not "quiet", unknown.
    assertTrue(Double.isNaN(JitWatch.shareBetween(11_250, 10_000, window)));
    assertTrue(Double.isNaN(JitWatch.shareBetween(-1, 500, window)));
    assertTrue(Double.isNaN(JitWatch.shareBetween(500, -1, window)));
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

  @Test
  void aStatLineGivesUserPlusSystemTicks() {
    // Field 2 may hold spaces and parentheses; utime and stime are fields 14 and 15.
    String stat =
        "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194624 33 0 0 0 1234 56 0 0 20 0 30 0 99"
            + " 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0";
    assertEquals(1_290, JitWatch.cpuTicks(stat));
    assertEquals(7, JitWatch.cpuTicks("7 (a (b) c) R 1 2 3 4 5 6 7 8 9 10 3 4 0"));
    assertEquals(-1, JitWatch.cpuTicks("no parenthesis here"));
    assertEquals(-1, JitWatch.cpuTicks("1 (x) S 1 2"));
  }

  @Test
  void compilerThreadsAreFoundByNameAndOthersLeftOut(@TempDir Path tasks) throws Exception {
    task(tasks, "11", "C2 CompilerThre", "300 20");
    task(tasks, "12", "C1 CompilerThre", "40 2");
    task(tasks, "13", "main", "9000 900");
    assertEquals((300 + 20 + 40 + 2) * 10, JitWatch.compilerThreadsCpuMillis(tasks));

    Path none = Files.createDirectory(tasks.resolve("none"));
    task(none, "1", "main", "5 5");
    assertEquals(-1, JitWatch.compilerThreadsCpuMillis(none), "no compiler thread: cannot tell");
    assertEquals(-1, JitWatch.compilerThreadsCpuMillis(tasks.resolve("absent")));
  }

  @Test
  void thisJvmTellsAndItsCompilersHaveWorked() {
    // HotSpot on Linux (where the build runs): the compiler threads have compiled something by now.
    assertTrue(JitWatch.compiledMillis() > 0, () -> "compiled " + JitWatch.compiledMillis());
  }

  private static void task(Path tasks, String id, String name, String userSystem) throws Exception {
    Path t = Files.createDirectories(tasks.resolve(id));
    Files.writeString(t.resolve("comm"), name + "\n");
    Files.writeString(
        t.resolve("stat"),
        id + " (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + userSystem + " 0 0 20 0 1 0 1 0 0\n");
  }
}

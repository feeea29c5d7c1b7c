package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DigestFilterTest {

  private static String digest(SplittableRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  void neverForgetsAnAddedDigestAndRarelyClaimsAnother() {
    int n = 100_000;
    SplittableRandom random = new SplittableRandom(42);
    String[] added = new String[n];
    DigestFilter filter = DigestFilter.forExpected(n);
    for (int i = 0; i < n; i++) {
      added[i] = digest(random);
      filter.add(added[i]);
    }
    for (String d : added) {
      assertTrue(filter.test(d), d);
      assertTrue(filter.test(d.toUpperCase(java.util.Locale.ROOT)), "hex case does not matter");
    }
    int falsePositives = 0;
    for (int i = 0; i < n; i++) {
      if (filter.test(digest(random))) {
        falsePositives++;
      }
    }
    // Planned ~0.05 % at 16 bits per digest and 11 probes; 0.2 % leaves room for chance.
    assertTrue(falsePositives < n / 500, falsePositives + " false positives in " + n);
    assertEquals(n, filter.added());
    assertEquals(256 * 1024, filter.bytes(), "2^21 bits for 100,000 digests");
  }

  @Test
  void tooManyDigestsOnlyRaiseTheErrorRate() {
    DigestFilter filter = DigestFilter.forExpected(10);
    SplittableRandom random = new SplittableRandom(7);
    String[] added = new String[20_000];
    for (int i = 0; i < added.length; i++) {
      added[i] = digest(random);
      filter.add(added[i]);
    }
    for (String d : added) {
      assertTrue(filter.test(d));
    }
  }

  @Test
  void anythingButADigestIsNotInTheFilter() {
    DigestFilter filter = DigestFilter.forExpected(0);
    String d = digest(new SplittableRandom(1));
    filter.add(d);
    for (String bad :
        new String[] {null, "", d.substring(1), d + "0", "g" + d.substring(1), "../" + d}) {
      assertFalse(filter.test(bad), String.valueOf(bad));
    }
    assertFalse(filter.test("０" + d.substring(1)), "only ASCII hex digits");
    assertThrows(IllegalArgumentException.class, () -> filter.add("not a digest"));
    assertThrows(IllegalArgumentException.class, () -> filter.add(null));
    assertThrows(IllegalArgumentException.class, () -> DigestFilter.forExpected(-1));
  }
}

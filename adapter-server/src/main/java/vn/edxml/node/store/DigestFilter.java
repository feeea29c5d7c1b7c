package vn.edxml.node.store;

import java.util.function.Predicate;

/**
 * A Bloom filter of SHA-256 digests (64 lower-case hex digits): the set of payloads the messages
 * reference, in 2 to 4 bytes per digest (16 bits, rounded up to a power of two) instead of the ~150
 * bytes per digest of a {@code HashSet<String>} (150 MB at 1,000,000 messages, enough to stop a
 * node with a small heap from starting).
 *
 * <p>{@link #test} never answers {@code false} for a digest that was {@link #add}ed; it answers
 * {@code true} for a digest that was not added with a probability of about 1 in 2,000 at the
 * planned size (more when more digests are added than planned). For the payload sweep that error is
 * on the safe side: an orphan payload is kept until a later sweep, a referenced payload is never
 * deleted.
 *
 * <p>The digests are already uniformly distributed, so their own bits serve as the hash values
 * (double hashing over the first 128 bits). Not thread-safe while adding.
 */
public final class DigestFilter implements Predicate<String> {

  private static final int BITS_PER_DIGEST = 16;
  private static final int PROBES = 11;
  private static final int MIN_BITS = 1 << 12;

  /** 2^31 bits (256 MiB): far beyond any store this node is meant for. */
  private static final long MAX_BITS = 1L << 31;

  private final long[] words;
  private final long bitCount;
  private long added;

  private DigestFilter(long bitCount) {
    this.bitCount = bitCount;
    this.words = new long[(int) (bitCount >>> 6)];
  }

  /** A filter sized for about {@code expected} digests (a power of two of bits). */
  public static DigestFilter forExpected(long expected) {
    if (expected < 0) {
      throw new IllegalArgumentException("expected must not be negative: " + expected);
    }
    long wanted = Math.max(MIN_BITS, Math.min(MAX_BITS, expected * BITS_PER_DIGEST));
    return new DigestFilter(Long.highestOneBit(wanted - 1) << 1);
  }

  /**
   * Adds a digest.
   *
   * @throws IllegalArgumentException when {@code sha256} is not 64 hex digits
   */
  public void add(String sha256) {
    if (!isDigest(sha256)) {
      throw new IllegalArgumentException("not a hex SHA-256: " + sha256);
    }
    long h1 = hexLong(sha256, 0);
    long h2 = hexLong(sha256, 16) | 1;
    long mask = bitCount - 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = (h1 + i * h2) & mask;
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
    added++;
  }

  /**
   * Whether {@code sha256} may have been added; {@code false} for anything that is not a digest.
   */
  @Override
  public boolean test(String sha256) {
    if (!isDigest(sha256)) {
      return false;
    }
    long h1 = hexLong(sha256, 0);
    long h2 = hexLong(sha256, 16) | 1;
    long mask = bitCount - 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = (h1 + i * h2) & mask;
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Digests added so far (duplicates counted). */
  public long added() {
    return added;
  }

  /** Memory used by the bits. */
  public long bytes() {
    return bitCount >>> 3;
  }

  private static boolean isDigest(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  /** 16 hex digits of a checked digest as a number. */
  private static long hexLong(String sha256, int from) {
    return Long.parseUnsignedLong(sha256, from, from + 16, 16);
  }
}

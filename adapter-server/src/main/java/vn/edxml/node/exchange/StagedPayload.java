package vn.edxml.node.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import vn.edxml.client.ErrorCode;
import vn.edxml.node.fault.NodeFault;

/**
 * An incoming package streamed to a private temporary file while its SHA-256 is computed, so the
 * node can check it against the signed digest and inspect it before anything is stored. Closing
 * deletes the file.
 */
final class StagedPayload implements AutoCloseable {

  private final Path file;
  private final byte[] sha256;
  private final long size;

  private StagedPayload(Path file, byte[] sha256, long size) {
    this.file = file;
    this.sha256 = sha256;
    this.size = size;
  }

  static StagedPayload stage(InputStream in, Path folder, long maxBytes) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(UUID.randomUUID() + ".part");
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long total = 0;
    boolean ok = false;
    try (DigestInputStream din = new DigestInputStream(in, digest);
        OutputStream out =
            Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = din.read(buffer)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw NodeFault.of(ErrorCode.PAYLOAD_TOO_LARGE, "package exceeds " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(file);
      }
    }
    return new StagedPayload(file, digest.digest(), total);
  }

  InputStream open() throws IOException {
    return Files.newInputStream(file);
  }

  byte[] sha256() {
    return sha256.clone();
  }

  String sha256Hex() {
    return java.util.HexFormat.of().formatHex(sha256);
  }

  long size() {
    return size;
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}

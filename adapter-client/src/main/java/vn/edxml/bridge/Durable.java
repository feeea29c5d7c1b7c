package vn.edxml.bridge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Durable file operations: every change the bridge relies on after a crash is made with an atomic
 * rename and forced to disk (the file, then the folders whose entries changed). On file systems
 * that cannot force a folder (Windows) the folder sync is skipped; the rename stays atomic.
 */
final class Durable {

  private Durable() {}

  /**
   * Writes {@code text} to {@code target} atomically: temp file in the same folder, fsync, rename.
   */
  static void writeString(Path target, String text) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    force(tmp);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDir(dir);
  }

  /**
   * Renames {@code source} to {@code target} atomically (same file system) and forces both folders.
   * Refuses to replace an existing target.
   */
  static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename "
              + source
              + " to "
              + target
              + " atomically; keep the bridge folder and all its subfolders on one file system",
          e);
    }
    forceDir(target.toAbsolutePath().getParent());
    forceDir(source.toAbsolutePath().getParent());
  }

  /** Forces a file's content to disk. */
  static void force(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Forces a folder's entries (creations, renames, deletions) to disk where the OS allows it. */
  static void forceDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not supported on this platform (e.g. Windows): renames are still atomic.
    }
  }

  /** Creates a folder (and its parents) and forces its parent. */
  static Path mkdir(Path dir) throws IOException {
    boolean existed = Files.isDirectory(dir);
    Files.createDirectories(dir);
    if (!existed) {
      forceDir(dir.toAbsolutePath().getParent());
    }
    return dir;
  }

  /** Deletes a folder and what it holds (one level of files), then forces its parent. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> entries;
    try (Stream<Path> s = Files.walk(dir, 4)) {
      entries = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : entries) {
      try {
        Files.deleteIfExists(p);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        // Raced with nothing we own; the next cycle retries.
      }
    }
    forceDir(dir.toAbsolutePath().getParent());
  }

  /** The folder's entries, sorted by name; empty if the folder does not exist. */
  static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}

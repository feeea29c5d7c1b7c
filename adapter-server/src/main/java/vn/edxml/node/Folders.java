package vn.edxml.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removal of working folders (demo, benchmarks): deepest entries first, missing ones skipped. */
public final class Folders {

  private Folders() {}

  /** Removes {@code folder} and everything in it; nothing when it does not exist. */
  public static void deleteTree(Path folder) throws IOException {
    delete(folder, true);
  }

  /** Removes everything in {@code folder} and keeps the folder; nothing when it does not exist. */
  public static void deleteContents(Path folder) throws IOException {
    delete(folder, false);
  }

  private static void delete(Path root, boolean rootToo) throws IOException {
    if (Files.notExists(root)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> paths = Files.walk(root)) {
      deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : deepestFirst) {
      if (rootToo || !p.equals(root)) {
        Files.deleteIfExists(p);
      }
    }
  }
}

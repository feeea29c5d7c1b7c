package vn.edxml.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Zip extraction that cannot escape its folder and stops at its limits. */
final class SafeUnzip {

  private SafeUnzip() {}

  static List<Path> extract(InputStream in, Path folder, ZipLimits limits) throws IOException {
    Files.createDirectories(folder);
    Path root = folder.toRealPath();
    List<Path> files = new ArrayList<>();
    List<Path> created = new ArrayList<>();
    boolean ok = false;
    try (ZipInputStream zip = new ZipInputStream(in)) {
      int entries = 0;
      long total = 0;
      byte[] buffer = new byte[8192];
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (++entries > limits.maxEntries()) {
          throw new UnsafeZipException("More than " + limits.maxEntries() + " zip entries");
        }
        Path target = resolve(root, entry.getName());
        if (entry.isDirectory()) {
          createDirectories(root, target, created);
          continue;
        }
        createDirectories(root, target.getParent(), created);
        try (OutputStream out =
            Files.newOutputStream(
                target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          created.add(target);
          for (int n = zip.read(buffer); n >= 0; n = zip.read(buffer)) {
            total += n;
            if (total > limits.maxTotalBytes()) {
              throw new UnsafeZipException(
                  "Zip content exceeds " + limits.maxTotalBytes() + " bytes");
            }
            out.write(buffer, 0, n);
          }
        }
        files.add(target);
      }
      ok = true;
      return List.copyOf(files);
    } finally {
      if (!ok) {
        created.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path p : created) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Path resolve(Path root, String name) throws UnsafeZipException {
    String n = name.replace('\\', '/');
    if (n.isEmpty()
        || n.indexOf('\0') >= 0
        || n.startsWith("/")
        || (n.length() > 1 && n.charAt(1) == ':')) {
      throw new UnsafeZipException("Unsafe zip entry name: " + name);
    }
    for (String segment : n.split("/")) {
      if (segment.equals("..")) {
        throw new UnsafeZipException("Zip entry escapes the target folder: " + name);
      }
    }
    Path target = root.resolve(n).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new UnsafeZipException("Zip entry escapes the target folder: " + name);
    }
    return target;
  }

  private static void createDirectories(Path root, Path dir, List<Path> created)
      throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !p.equals(root); p = p.getParent()) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        missing.add(0, p);
      }
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      created.add(p);
    }
    if (!dir.toRealPath().startsWith(root)) {
      throw new UnsafeZipException("Zip entry folder resolves outside the target: " + dir);
    }
  }
}

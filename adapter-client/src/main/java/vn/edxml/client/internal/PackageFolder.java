package vn.edxml.client.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import vn.edxml.client.FetchedFolder.SavedAttachment;
import vn.edxml.io.EdxmlReader;
import vn.edxml.model.Attachment;
import vn.edxml.model.Edoc;
import vn.edxml.model.EdxmlPackage;
import vn.edxml.model.ZipLimits;

/**
 * Lays out a fetched package in a folder: {@code package.edxml}, each attachment under a safe,
 * unique version of its name, and zipped attachments unpacked into a subfolder. The folder is built
 * beside its final place and moved there only when complete.
 */
public final class PackageFolder {

  public static final String PACKAGE_FILE = "package.edxml";
  private static final int MAX_NAME = 120;
  private static final int MAX_WALK = 100_000;

  private PackageFolder() {}

  /** A temporary sibling of {@code target} to build in; refuses an existing target. */
  public static Path prepare(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      throw new FileAlreadyExistsException(
          absolute.toString(),
          null,
          "already exists (fetched before?) — remove it or fetch into another folder");
    }
    Path parent = Files.createDirectories(absolute.getParent());
    return Files.createTempDirectory(parent, "." + absolute.getFileName() + ".part-");
  }

  /**
   * Decodes the attachments of the package {@code building/package.edxml} into {@code building}.
   */
  public static List<SavedAttachment> extract(Path building, ZipLimits limits) throws IOException {
    Path scratch = Files.createTempDirectory(building, ".decode-");
    try {
      EdxmlPackage pkg =
          EdxmlReader.builder()
              .attachmentFolder(scratch)
              .build()
              .read(building.resolve(PACKAGE_FILE));
      if (!(pkg instanceof Edoc edoc)) {
        return List.of();
      }
      Set<String> taken = new HashSet<>();
      taken.add(PACKAGE_FILE.toLowerCase(Locale.ROOT));
      List<SavedAttachment> saved = new ArrayList<>();
      int index = 0;
      for (Attachment a : edoc.attachments()) {
        index++;
        Path decoded = a.file().orElseThrow(() -> new IOException("attachment not decoded"));
        String name = unique(safeName(a.name(), index), taken);
        Path file = building.resolve(name);
        Files.move(decoded, file);
        Attachment moved = a.toBuilder().content(file).build();
        List<Path> unzipped = List.of();
        if (moved.isZip()) {
          Path sub = building.resolve(unique(stem(name), taken));
          unzipped = moved.extractZip(sub, limits);
        }
        saved.add(
            new SavedAttachment(
                a.contentId(), a.name(), a.contentType(), file, Files.size(file), unzipped));
      }
      return saved;
    } finally {
      deleteTree(scratch);
    }
  }

  /** Moves the finished folder into place. */
  public static Path publish(Path building, Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Files.move(building, absolute, StandardCopyOption.ATOMIC_MOVE);
    return absolute;
  }

  /** Deletes a folder this class created (bounded walk). */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.limit(MAX_WALK).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }

  /**
   * A file name from a sender's attachment name: no folders, no control or reserved characters, no
   * leading dots, at most 120 characters; {@code attachment-N.bin} when nothing is left.
   */
  public static String safeName(String name, int index) {
    String s = name == null ? "" : name;
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    s = s.substring(slash + 1);
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || "<>:\"|?*".indexOf(c) >= 0) {
                b.append('_');
              } else {
                b.appendCodePoint(c);
              }
            });
    String cleaned = b.toString().strip();
    int start = 0;
    while (start < cleaned.length() && cleaned.charAt(start) == '.') {
      start++;
    }
    cleaned = cleaned.substring(start);
    if (cleaned.length() > MAX_NAME) {
      String ext = extension(cleaned);
      cleaned = cleaned.substring(0, MAX_NAME - ext.length()) + ext;
    }
    return cleaned.isEmpty() ? "attachment-" + index + ".bin" : cleaned;
  }

  /** A file-system-safe folder name for a message id. */
  public static String safeFolderName(String messageId) {
    String s = messageId == null ? "" : messageId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (s.isEmpty() || s.chars().allMatch(c -> c == '.')) {
      s = "message" + s.replace('.', '_');
    }
    return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    String stem = stem(name);
    String ext = extension(name);
    for (int i = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
      if (i > 10_000) {
        throw new IllegalStateException("too many attachments named " + name);
      }
      candidate = stem + "-" + i + ext;
    }
    return candidate;
  }

  private static String stem(String name) {
    String ext = extension(name);
    String stem = name.substring(0, name.length() - ext.length());
    return stem.isEmpty() ? name + "-files" : stem;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
  }
}

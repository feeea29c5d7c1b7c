package vn.edxml.node.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import vn.edxml.node.store.PayloadStore;

/**
 * {@link PayloadStore} in a folder:
 *
 * <pre>
 * &lt;root&gt;/payloads/ab/cd/abcd…(64 hex digits)   one file per distinct content
 * &lt;root&gt;/tmp/                               uploads in progress
 * </pre>
 *
 * <p>{@link #write} (and {@link #stage}) streams through a 64 KiB buffer (memory does not grow with
 * the payload), hashing on the fly and counting against the cap. The buffer is filled before each
 * write, so the file grows in whole 64 KiB blocks: a multipart upload hands its bytes over 2 KiB at
 * a time, and as many small writes cost the kernel several times the CPU of the large ones (the
 * partly written page-cache folio is zeroed on each). Beyond 64 KiB a second thread writes the
 * blocks ({@link WriteBehindFile}) while the upload's thread reads and hashes. Publishing is then
 * {@code force(true)} on the file, an atomic rename to the content address, and {@code force} on
 * the folder so the rename itself is durable (best effort: some platforms, e.g. Windows, cannot
 * open a folder; there the rename is left to the file system). {@code tmp/} sits on the same file
 * system as {@code payloads/} so the rename is atomic. Files are created with owner-only
 * permissions where the platform supports them.
 *
 * <p>Thread-safe. {@link #sweep} may run while payloads are written and published: it removes only
 * files last modified before the instant it is given (take one before serving begins), and a
 * publish that reuses an existing payload refreshes that file's modification time under the same
 * per-folder lock the sweep holds while it checks and deletes.
 */
public final class FilePayloadStore implements PayloadStore {

  private static final System.Logger LOG = System.getLogger(FilePayloadStore.class.getName());
  private static final int BUFFER_SIZE = 64 * 1024;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private final Path payloads;
  private final Path tmp;
  private final AtomicBoolean folderSyncWarned = new AtomicBoolean();
  private final Object[] shardLocks = new Object[256];

  /** Opens (creating if needed) a payload store under {@code root}. */
  public FilePayloadStore(Path root) throws IOException {
    Path base = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.payloads = base.resolve("payloads");
    this.tmp = base.resolve("tmp");
    Files.createDirectories(payloads);
    Files.createDirectories(tmp);
    for (int i = 0; i < shardLocks.length; i++) {
      shardLocks[i] = new Object();
    }
  }

  @Override
  public StoredPayload write(InputStream in, long maxBytes) throws IOException {
    try (Staged staged = stage(in, maxBytes)) {
      return staged.publish();
    }
  }

  @Override
  public Staged stage(InputStream in, long maxBytes) throws IOException {
    Objects.requireNonNull(in, "in");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    Path temp = Files.createTempFile(tmp, "in-", ".part");
    try {
      MessageDigest sha256 = sha256();
      long size = 0;
      try (WriteBehindFile out = new WriteBehindFile(temp)) {
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
          size += n;
          if (size > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
          }
          sha256.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      return new FileStaged(temp, HexFormat.of().formatHex(sha256.digest()), size);
    } catch (IOException | RuntimeException | Error e) {
      deleteAfterFailure(temp, e);
      throw e;
    }
  }

  /** A staged upload in {@code tmp/}; published by an fsync and an atomic rename. */
  private final class FileStaged implements Staged {
    private final Path temp;
    private final String sha256;
    private final long size;
    private StoredPayload published;

    FileStaged(Path temp, String sha256, long size) {
      this.temp = temp;
      this.sha256 = sha256;
      this.size = size;
    }

    @Override
    public String sha256() {
      return sha256;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public InputStream open() throws IOException {
      return published == null ? Files.newInputStream(temp) : FilePayloadStore.this.open(sha256);
    }

    @Override
    public StoredPayload publish() throws IOException {
      if (published != null) {
        return published;
      }
      Path target = path(sha256);
      // The fsync of new content is the slow part; it needs no lock (the staged file is ours).
      boolean durable = false;
      if (!holdsSameContent(target, size)) {
        force(temp);
        durable = true;
      }
      synchronized (shardLock(sha256)) {
        createFoldersDurably(target.getParent());
        if (holdsSameContent(target, size)) {
          reuse(target);
          Files.delete(temp);
        } else {
          if (!durable) {
            force(temp); // a sweep removed the copy seen above
          }
          try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          } catch (FileAlreadyExistsException e) {
            // an identical upload won the race (platforms whose rename does not replace)
            reuse(target);
            Files.delete(temp);
          }
          syncFolder(target.getParent());
        }
      }
      published = new StoredPayload(sha256, size);
      return published;
    }

    @Override
    public void close() throws IOException {
      if (published == null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static boolean holdsSameContent(Path target, long size) throws IOException {
    return Files.isRegularFile(target) && Files.size(target) == size;
  }

  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * An existing payload is reused by a new message. A sweep running meanwhile may have found it
   * unreferenced (its row is about to be committed): a fresh modification time takes it out of that
   * sweep, which removes only files older than its own start.
   */
  private static void reuse(Path target) throws IOException {
    Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
  }

  /**
   * The lock of the first-level folder a payload lives in ({@code payloads/ab/}). {@link #publish}
   * holds it from the existence check to the rename; {@link #sweep} holds it while it checks and
   * deletes in that folder, so a payload reused by a new message is never deleted between the two.
   */
  private Object shardLock(String name) {
    if (name.length() >= 2) {
      int hi = Character.digit(name.charAt(0), 16);
      int lo = Character.digit(name.charAt(1), 16);
      if (hi >= 0 && lo >= 0) {
        return shardLocks[hi * 16 + lo];
      }
    }
    return shardLocks[0];
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    return Files.newInputStream(path(sha256));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code sha256} is not 64 lower-case hex digits (so no
   *     caller-supplied text ever becomes a path)
   */
  @Override
  public Path path(String sha256) {
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
    }
    return payloads.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also removes files that are not where their name says (or whose name is not a digest) and
   * folders left empty; folders are not counted. Walks one first-level folder ({@code
   * payloads/ab/}) at a time under that folder's lock, so it may run while the node serves.
   */
  @Override
  public int sweep(Predicate<String> referenced, Instant olderThan, BooleanSupplier stop)
      throws IOException {
    Objects.requireNonNull(referenced, "referenced");
    FileTime cutoff = FileTime.from(Objects.requireNonNull(olderThan, "olderThan"));
    int removed = 0;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp)) {
      for (Path p : temps) {
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
          continue; // an upload published or dropped meanwhile
        }
        if (attributes.lastModifiedTime().compareTo(cutoff) >= 0) {
          continue;
        }
        if (attributes.isDirectory()) {
          removed += deleteTree(p);
        } else if (Files.deleteIfExists(p)) {
          removed++;
        }
      }
    }
    syncFolder(tmp);
    List<Path> shards = new ArrayList<>();
    try (DirectoryStream<Path> top = Files.newDirectoryStream(payloads)) {
      for (Path p : top) {
        shards.add(p);
      }
    }
    for (Path shard : shards) {
      if (stop.getAsBoolean()) {
        break;
      }
      if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
        // nothing is ever published at the top level
        if (Files.getLastModifiedTime(shard).compareTo(cutoff) < 0 && Files.deleteIfExists(shard)) {
          removed++;
        }
        continue;
      }
      synchronized (shardLock(shard.getFileName().toString())) {
        removed += sweepShard(shard, referenced, cutoff);
      }
    }
    return removed;
  }

  private int sweepShard(Path shard, Predicate<String> referenced, FileTime cutoff)
      throws IOException {
    int[] removed = {0};
    Files.walkFileTree(
        shard,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String name = file.getFileName().toString();
            boolean keep =
                attrs.lastModifiedTime().compareTo(cutoff) >= 0
                    || (HEX64.matcher(name).matches()
                        && file.equals(path(name))
                        && referenced.test(name));
            if (!keep && Files.deleteIfExists(file)) {
              removed[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          // Another node sharing the folder (its own lock, not ours) may remove or add files
          // while this walk runs: what is gone is skipped, a folder that is no longer empty stays.
          @Override
          public FileVisitResult visitFileFailed(Path file, IOException failure)
              throws IOException {
            if (failure instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw failure;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null && !(failure instanceof NoSuchFileException)) {
              throw failure;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
              if (!entries.iterator().hasNext()) {
                Files.delete(dir);
              }
            } catch (NoSuchFileException | DirectoryNotEmptyException raced) {
              // removed by another node's sweep, or just written into
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return removed[0];
  }

  private static int deleteTree(Path root) throws IOException {
    int[] files = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            files[0]++;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
    return files[0];
  }

  /** Creates the missing folders down to {@code dir}, making each new entry durable. */
  private void createFoldersDurably(Path dir) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir;
        p != null && !p.equals(payloads) && !Files.isDirectory(p);
        p = p.getParent()) {
      missing.push(p);
    }
    while (!missing.isEmpty()) {
      Path p = missing.pop();
      Files.createDirectories(p); // tolerates a concurrent writer creating it first
      syncFolder(p.getParent());
    }
  }

  /** fsyncs a folder so that entries created or renamed in it survive a crash. */
  private void syncFolder(Path dir) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException e) {
      // Windows and some file systems cannot open a folder: nothing more we can do there
      if (folderSyncWarned.compareAndSet(false, true)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot fsync folder {0} ({1}); renames rely on the file system's own ordering",
            dir,
            e.toString());
      }
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  private static void deleteAfterFailure(Path temp, Throwable failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}

package vn.edxml.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentTest {

  @TempDir Path tmp;

  @Test
  void contentIdIsStoredWithoutCid() {
    Attachment a = TestData.text("cid:209", "a.txt", "x");

    assertEquals("209", a.contentId());
    assertEquals("209", Attachment.stripCid(" CID:209 "));
  }

  @Test
  void isZipSniffsTheMagicNotTheContentType() throws IOException {
    byte[] zip = zip(new String[] {"a.txt", "hello"});
    Attachment labelledDoc =
        Attachment.builder()
            .name("x.doc")
            .contentType("application/doc")
            .content(() -> new ByteArrayInputStream(zip))
            .build();
    Attachment labelledZip =
        Attachment.builder()
            .contentType("application/zip")
            .name("y.zip")
            .content(() -> new ByteArrayInputStream("PK no".getBytes(StandardCharsets.US_ASCII)))
            .build();

    assertTrue(labelledDoc.isZip());
    assertFalse(labelledZip.isZip());
  }

  @Test
  void fileContentKnowsItsSizeAndNameAndOpensRepeatedly() throws IOException {
    Path file = Files.writeString(tmp.resolve("cv.pdf"), "%PDF-1.7");
    Attachment a = Attachment.of(file, "application/pdf");

    assertEquals("cv.pdf", a.name());
    assertEquals(8, a.size().orElseThrow());
    assertEquals(file, a.file().orElseThrow());
    for (int i = 0; i < 2; i++) {
      try (var in = a.openStream()) {
        assertEquals("%PDF-1.7", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    }
    assertThrows(
        IllegalArgumentException.class, () -> Attachment.of(tmp.resolve("missing"), "x/y"));
  }

  @Test
  void extractsEntriesIncludingFolders() throws IOException {
    Attachment a = zipped(new String[] {"doc/a.txt", "A", "b.txt", "BB"});
    Path out = tmp.resolve("out");

    List<Path> files = a.extractZip(out);

    assertEquals(2, files.size());
    assertEquals("A", Files.readString(out.resolve("doc/a.txt")));
    assertEquals("BB", Files.readString(out.resolve("b.txt")));
  }

  @Test
  void refusesEntriesThatEscapeTheFolder() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    for (String evil :
        List.of("../evil.txt", "a/../../evil.txt", "/tmp/evil.txt", "..\\evil.txt")) {
      Attachment a = zipped(new String[] {"ok.txt", "fine", evil, "pwned"});

      assertThrows(UnsafeZipException.class, () -> a.extractZip(out), evil);

      assertFalse(Files.exists(tmp.resolve("evil.txt")), evil);
      assertEquals(0, countFiles(out), "a refused archive leaves nothing behind: " + evil);
    }
  }

  @Test
  void refusesToOverwriteAnExistingFile() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Files.writeString(out.resolve("a.txt"), "mine");

    assertThrows(IOException.class, () -> zipped(new String[] {"a.txt", "theirs"}).extractZip(out));
    assertEquals("mine", Files.readString(out.resolve("a.txt")));
  }

  @Test
  void stopsAZipBombAtTheByteLimit() throws IOException {
    // 8 MiB of zeros compresses to a few KiB.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("zeros.bin"));
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < 8; i++) {
        zip.write(chunk);
      }
      zip.closeEntry();
    }
    byte[] bomb = bytes.toByteArray();
    assertTrue(bomb.length < 100_000);
    Attachment a =
        Attachment.builder().name("b.zip").content(() -> new ByteArrayInputStream(bomb)).build();
    Path out = tmp.resolve("out");

    UnsafeZipException e =
        assertThrows(UnsafeZipException.class, () -> a.extractZip(out, new ZipLimits(10, 1 << 20)));

    assertTrue(e.getMessage().contains("bytes"), e.getMessage());
    assertEquals(0, countFiles(out));
    assertEquals(1, a.extractZip(tmp.resolve("out2"), new ZipLimits(10, 8 << 20)).size());
  }

  @Test
  void stopsAtTheEntryLimit() throws IOException {
    String[] many = new String[2 * 20];
    for (int i = 0; i < 20; i++) {
      many[2 * i] = "f" + i + ".txt";
      many[2 * i + 1] = "x";
    }
    Attachment a = zipped(many);

    assertThrows(
        UnsafeZipException.class, () -> a.extractZip(tmp.resolve("out"), new ZipLimits(19, 1000)));
    assertEquals(20, a.extractZip(tmp.resolve("ok"), new ZipLimits(20, 1000)).size());
  }

  private static long countFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).count();
    }
  }

  private static Attachment zipped(String[] namesAndContents) throws IOException {
    byte[] zip = zip(namesAndContents);
    return Attachment.builder()
        .name("a.zip")
        .contentType("application/zip")
        .content(() -> new ByteArrayInputStream(zip))
        .build();
  }

  private static byte[] zip(String[] namesAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}

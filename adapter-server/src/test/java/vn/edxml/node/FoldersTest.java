package vn.edxml.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

  @TempDir Path temp;

  private Path tree() throws Exception {
    Path root = temp.resolve("work");
    Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(root.resolve("top.txt"), "x");
    Files.writeString(root.resolve("a/b/c/deep.txt"), "y");
    return root;
  }

  @Test
  void deleteTreeRemovesTheFolderAndEverythingInIt() throws Exception {
    Path root = tree();
    Folders.deleteTree(root);
    assertFalse(Files.exists(root));
    assertTrue(Files.exists(temp), "nothing above the folder is touched");
  }

  @Test
  void deleteContentsKeepsTheFolder() throws Exception {
    Path root = tree();
    Folders.deleteContents(root);
    assertTrue(Files.isDirectory(root));
    try (var left = Files.list(root)) {
      assertFalse(left.findAny().isPresent());
    }
  }

  @Test
  void aMissingFolderIsNotAnError() throws Exception {
    Folders.deleteTree(temp.resolve("never-made"));
    Folders.deleteContents(temp.resolve("never-made"));
    assertFalse(Files.exists(temp.resolve("never-made")));
  }
}

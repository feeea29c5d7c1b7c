package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import vn.edxml.node.store.internal.Database;
import vn.edxml.node.store.internal.Dialect;
import vn.edxml.node.store.internal.Migrations;

/** The migration runner on H2 and PostgreSQL. */
@ParameterizedClass
@EnumSource(Engine.class)
@ExtendWith(TestDatabases.class)
class MigrationsIT {

  @Parameter Engine engine;

  @TempDir Path dir;
  private String url;

  @BeforeEach
  void freshDatabase(TestDatabases databases) {
    url = databases.newUrl(engine, dir);
  }

  @Test
  void reopeningIsANoOp() throws SQLException {
    TestDatabases.open(engine, url).close();
    List<String> first = versions();
    TestDatabases.open(engine, url).close();
    assertEquals(first, versions());
    assertEquals(2, first.size());
    assertTrue(first.get(0).startsWith("1 initial "), first::toString);
    assertTrue(first.get(1).startsWith("2 forwarding "), first::toString);
  }

  @Test
  void aDatabaseWithANewerSchemaIsRefused() throws SQLException {
    TestDatabases.open(engine, url).close();
    execute(
        "INSERT INTO schema_version (version, description, checksum, applied_at)"
            + " VALUES (999, 'from the future', '"
            + "0".repeat(64)
            + "', CURRENT_TIMESTAMP)");

    StoreException e = assertThrows(StoreException.class, () -> TestDatabases.open(engine, url));
    assertEquals(StoreException.Reason.FAILED, e.reason());
    assertTrue(e.getMessage().contains("schema version 999"), e::getMessage);
    assertTrue(e.getMessage().contains("newer node"), e::getMessage);
  }

  @Test
  void anEditedMigrationIsRefused() throws SQLException {
    TestDatabases.open(engine, url).close();
    execute("UPDATE schema_version SET checksum = '" + "f".repeat(64) + "' WHERE version = 1");

    StoreException e = assertThrows(StoreException.class, () -> TestDatabases.open(engine, url));
    assertTrue(e.getMessage().contains("V1 was changed after it was applied"), e::getMessage);
  }

  @Test
  void nodesStartingTogetherMigrateOnce() throws Exception {
    int nodes = 4;
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<MessageStore>> stores = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        stores.add(
            pool.submit(
                () -> {
                  go.await();
                  return TestDatabases.open(engine, url);
                }));
      }
      go.countDown();
      for (Future<MessageStore> f : stores) {
        MessageStore store = f.get(60, TimeUnit.SECONDS);
        assertTrue(store.isHealthy());
        store.close();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, versions().size()); // V1 and V2, each applied once
  }

  @Test
  void dialectSpecificFilesWinAndLaterVersionsApplyIncrementally() throws Exception {
    Path scripts = dir.resolve("scripts");
    Path location = scripts.resolve("m");
    Files.createDirectories(location);
    Files.writeString(location.resolve("index.txt"), "# test\nV1__one\nV2__two\n");
    Files.writeString(
        location.resolve("V1__one.sql"),
        "-- a comment\nCREATE TABLE IF NOT EXISTS t_one (\n  id INTEGER -- trailing\n);\n");
    Files.writeString(location.resolve("V2__two.sql"), "INSERT INTO t_one VALUES (0);\n");
    Files.writeString(location.resolve("V2__two.h2.sql"), "INSERT INTO t_one VALUES (1);\n");
    Files.writeString(
        location.resolve("V2__two.postgresql.sql"), "INSERT INTO t_one VALUES (2);\n");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {scripts.toUri().toURL()}, null);
        Database db = database()) {
      Dialect dialect = engine == Engine.H2 ? Dialect.H2 : Dialect.POSTGRESQL;
      assertEquals(2, Migrations.load(dialect, loader, "m/").apply(db));
      assertEquals(List.of(engine == Engine.H2 ? 1 : 2), ints("SELECT id FROM t_one"));

      Files.writeString(location.resolve("index.txt"), "V1__one\nV2__two\nV3__three\n");
      Files.writeString(location.resolve("V3__three.sql"), "INSERT INTO t_one VALUES (3);\n");
      Migrations three = Migrations.load(dialect, loader, "m/");
      assertEquals(3, three.latestVersion());
      assertEquals(1, three.apply(db));
      assertEquals(0, three.apply(db));
      assertEquals(
          List.of(engine == Engine.H2 ? 1 : 2, 3), ints("SELECT id FROM t_one ORDER BY id"));

      // a failing migration records no version (on PostgreSQL it changes nothing at all)
      Files.writeString(location.resolve("index.txt"), "V1__one\nV2__two\nV3__three\nV4__bad\n");
      Files.writeString(
          location.resolve("V4__bad.sql"),
          "CREATE TABLE t_four (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n");
      Migrations bad = Migrations.load(dialect, loader, "m/");
      StoreException e = assertThrows(StoreException.class, () -> bad.apply(db));
      assertEquals(StoreException.Reason.FAILED, e.reason());
      assertEquals(List.of(1, 2, 3), ints("SELECT version FROM schema_version ORDER BY version"));
      if (engine == Engine.POSTGRESQL) {
        assertThrows(SQLException.class, () -> ints("SELECT id FROM t_four"));
      }
    }
  }

  private Database database() {
    return Database.open(
        new Database.Settings(
            url, TestDatabases.user(engine), "", 2, Duration.ofSeconds(10), true));
  }

  private List<String> versions() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestDatabases.connect(engine, url);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version, description, checksum, applied_at FROM schema_version"
                    + " ORDER BY version")) {
      while (rs.next()) {
        rows.add(
            rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
      }
    }
    return rows;
  }

  private List<Integer> ints(String sql) throws SQLException {
    List<Integer> rows = new ArrayList<>();
    try (Connection c = TestDatabases.connect(engine, url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getInt(1));
      }
    }
    return rows;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = TestDatabases.connect(engine, url);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}

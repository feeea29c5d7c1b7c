package vn.edxml.node.store.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.edxml.node.store.StoreException;
import vn.edxml.node.store.StoreException.Reason;

/**
 * Applies the store's versioned SQL migrations at start-up.
 *
 * <p>Migrations are listed, in order, in {@code vn/edxml/node/store/migration/index.txt} on the
 * classpath; each line is a base name {@code V<n>__<description>}. For each, the dialect-specific
 * file {@code <name>.<dialect>.sql} is used if present, else {@code <name>.sql}. Applied versions
 * are recorded in {@code schema_version} with the SHA-256 of the script.
 *
 * <p>The runner takes a migration lock first ({@link Dialect#lockForMigration}), so nodes starting
 * together apply each migration once. On PostgreSQL all pending migrations and their {@code
 * schema_version} rows commit in one transaction; on H2 every DDL statement commits by itself, so
 * scripts must be re-runnable ({@code IF NOT EXISTS}) and the version row is written last.
 *
 * <p>Start-up is refused when the database holds a version this code does not know (written by a
 * newer node) or when an applied script was changed afterwards.
 */
public final class Migrations {

  private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

  static final String LOCATION = "vn/edxml/node/store/migration/";
  private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)");

  /** One migration script. */
  public record Migration(int version, String description, String sql, String checksum) {}

  private final List<Migration> migrations;

  private Migrations(List<Migration> migrations) {
    this.migrations = List.copyOf(migrations);
  }

  /** Loads the migrations for {@code dialect} from the classpath. */
  public static Migrations load(Dialect dialect) {
    return load(dialect, Migrations.class.getClassLoader(), LOCATION);
  }

  /** Loads migrations from {@code location} (a classpath folder ending in {@code /}). */
  public static Migrations load(Dialect dialect, ClassLoader loader, String location) {
    List<Migration> list = new ArrayList<>();
    String index = resource(loader, location + "index.txt");
    if (index == null) {
      throw new StoreException(Reason.FAILED, "migration index " + location + "index.txt missing");
    }
    int previous = 0;
    for (String line : index.split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Matcher m = NAME.matcher(name);
      if (!m.matches()) {
        throw new StoreException(
            Reason.FAILED, "bad migration name '" + name + "': expected V<n>__<description>");
      }
      int version = Integer.parseInt(m.group(1));
      if (version != previous + 1) {
        throw new StoreException(
            Reason.FAILED,
            "migration " + name + " out of sequence: expected version " + (previous + 1));
      }
      previous = version;
      String sql = resource(loader, location + name + "." + dialect.id() + ".sql");
      if (sql == null) {
        sql = resource(loader, location + name + ".sql");
      }
      if (sql == null) {
        throw new StoreException(Reason.FAILED, "migration script " + name + ".sql missing");
      }
      list.add(new Migration(version, m.group(2).replace('_', ' '), sql, sha256(sql)));
    }
    return new Migrations(list);
  }

  /** The highest version this code knows. */
  public int latestVersion() {
    return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
  }

  /**
   * Brings the database to {@link #latestVersion()}.
   *
   * @return the number of migrations applied (0 when already current)
   * @throws StoreException FAILED when the database is newer than this code or was altered
   */
  public int apply(Database db) {
    try (Connection c = db.connection()) {
      try {
        return applyLocked(db, c);
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw db.translate("schema migration", e);
    }
  }

  private int applyLocked(Database db, Connection c) throws SQLException {
    Dialect dialect = db.dialect();
    Runnable unlock = dialect.lockForMigration(c, db.url());
    try {
      createVersionTable(c);
      Map<Integer, String> applied = appliedVersions(c);
      int current = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
      if (current > latestVersion()) {
        throw new StoreException(
            Reason.FAILED,
            "the store database "
                + Database.redact(db.url())
                + " has schema version "
                + current
                + " but this node knows only up to "
                + latestVersion()
                + ": it was used by a newer node; upgrade this node or point it at another"
                + " database");
      }
      int count = 0;
      for (Migration m : migrations) {
        String checksum = applied.get(m.version());
        if (checksum != null) {
          if (!checksum.equals(m.checksum())) {
            throw new StoreException(
                Reason.FAILED,
                "migration V"
                    + m.version()
                    + " was changed after it was applied to "
                    + Database.redact(db.url())
                    + ": never edit an applied migration, add a new one");
          }
          continue;
        }
        LOG.log(
            System.Logger.Level.INFO,
            "applying store migration V{0} ({1})",
            m.version(),
            m.description());
        for (String statement : statements(m.sql())) {
          try (Statement st = c.createStatement()) {
            st.execute(statement);
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO schema_version (version, description, checksum, applied_at)"
                    + " VALUES (?, ?, ?, ?)")) {
          ps.setInt(1, m.version());
          ps.setString(2, m.description());
          ps.setString(3, m.checksum());
          Database.setInstant(ps, 4, Instant.now());
          ps.executeUpdate();
        }
        count++;
      }
      c.commit(); // before unlocking: the next node must see the version rows
      return count;
    } finally {
      unlock.run();
    }
  }

  private static void createVersionTable(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS schema_version ("
              + " version INTEGER NOT NULL,"
              + " description VARCHAR(200) NOT NULL,"
              + " checksum CHAR(64) NOT NULL,"
              + " applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,"
              + " CONSTRAINT pk_schema_version PRIMARY KEY (version))");
    }
  }

  private static Map<Integer, String> appliedVersions(Connection c) throws SQLException {
    Map<Integer, String> versions = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT version, checksum FROM schema_version ORDER BY version")) {
      while (rs.next()) {
        versions.put(rs.getInt(1), rs.getString(2).strip());
      }
    }
    return versions;
  }

  /**
   * Splits a script into statements: a statement ends with a line whose last non-blank character is
   * {@code ;}. Lines starting with {@code --} are comments. (No semicolons inside literals.)
   */
  static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      int comment = line.indexOf("--");
      String code = comment >= 0 ? line.substring(0, comment) : line;
      current.append(code.stripTrailing()).append('\n');
      if (code.strip().endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1).strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private static String resource(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        return null;
      }
      StringBuilder b = new StringBuilder();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          b.append(line).append('\n'); // normalises CRLF, so the checksum ignores line endings
        }
      }
      return b.toString();
    } catch (IOException e) {
      throw new StoreException(Reason.FAILED, "cannot read migration resource " + name, e);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}

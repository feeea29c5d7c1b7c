package vn.edxml.node.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What differs between the two supported engines. Everything else is one SQL dialect.
 *
 * <p>The {@link #id()} names dialect-specific migration files ({@code V2__x.postgresql.sql}).
 */
public enum Dialect {
  H2("h2"),
  POSTGRESQL("postgresql");

  /** Advisory lock key for migrations on PostgreSQL: "edXML" in ASCII. */
  private static final long MIGRATION_LOCK_KEY = 0x6564584d4cL;

  /**
   * H2 cannot hold a lock across DDL (each DDL statement commits), and an H2 file database is only
   * ever opened by one process (file lock), so an in-process lock per database is enough.
   */
  private static final Map<String, ReentrantLock> H2_MIGRATION_LOCKS = new ConcurrentHashMap<>();

  private final String id;

  Dialect(String id) {
    this.id = id;
  }

  /** The suffix of dialect-specific migration files. */
  public String id() {
    return id;
  }

  public static Dialect forUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL "
            + jdbcUrl
            + ": use jdbc:h2:file:<path>, jdbc:h2:mem:<name> or jdbc:postgresql://<host>/<db>");
  }

  /**
   * Serialises schema migrations among every node using this database. On PostgreSQL the lock is
   * transactional ({@code pg_advisory_xact_lock}) and released by the commit or rollback; on H2 it
   * is an in-process lock released by running the returned action.
   */
  Runnable lockForMigration(Connection connection, String jdbcUrl) throws SQLException {
    if (this == POSTGRESQL) {
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK_KEY + ")");
      }
      return () -> {}; // released by the transaction's end
    }
    ReentrantLock lock =
        H2_MIGRATION_LOCKS.computeIfAbsent(h2DatabaseKey(jdbcUrl), k -> new ReentrantLock());
    lock.lock();
    return lock::unlock;
  }

  /** The database part of an H2 URL, without settings: identifies one H2 database in a JVM. */
  static String h2DatabaseKey(String jdbcUrl) {
    int semicolon = jdbcUrl.indexOf(';');
    return semicolon < 0 ? jdbcUrl : jdbcUrl.substring(0, semicolon);
  }

  /**
   * True when the SQL state (or H2 error code) means "try again later": the connection, a lock
   * timeout, a deadlock victim, a server shutting down or out of resources.
   */
  boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    if (state.startsWith("08") // connection exception
        || state.equals("40001") // serialization failure / H2 deadlock
        || state.equals("40P01") // PostgreSQL deadlock
        || state.startsWith("53") // PostgreSQL insufficient resources (disk full, too many conn.)
        || state.startsWith("57P") // PostgreSQL admin shutdown, cannot connect now
        || state.equals("55P03") // PostgreSQL lock not available
        || state.equals("HYT00")) { // H2 lock timeout
      return true;
    }
    if (this == H2) {
      switch (e.getErrorCode()) {
        case 50200: // LOCK_TIMEOUT_1
        case 90028: // IO_EXCEPTION_1
        case 90031: // IO_EXCEPTION_2
        case 90098: // DATABASE_IS_CLOSED
        case 90121: // DATABASE_CALLED_AT_SHUTDOWN
        case 90135: // DATABASE_IS_IN_EXCLUSIVE_MODE
          return true;
        default:
          return false;
      }
    }
    return false;
  }

  /**
   * An ORDER BY term that sorts by code point on both engines: PostgreSQL would otherwise use the
   * database's collation (which may ignore punctuation), H2 compares Java strings.
   */
  String binaryOrder(String column) {
    return this == POSTGRESQL ? column + " COLLATE \"C\"" : column;
  }

  /**
   * The locking clause for claiming queue rows: PostgreSQL skips rows another transaction is
   * claiming right now (concurrent forwarders on several nodes do not queue behind each other); an
   * H2 file database has one process, where a plain row lock is enough.
   */
  String forUpdateSkipLocked() {
    return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
  }

  /** True for a violated unique or primary key constraint (the same state on both engines). */
  static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  /** True for a violated foreign key (the referenced row does not exist). */
  static boolean isForeignKeyViolation(SQLException e) {
    return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
  }
}

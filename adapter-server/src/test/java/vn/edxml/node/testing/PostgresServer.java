package vn.edxml.node.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a real PostgreSQL server (io.zonky embedded binaries, loopback only) for one
 * test class. Register it before a {@link TestNode} that uses {@link #url()}.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedPostgres postgres;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pg-node-");
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("data"))
            .setCleanDataDirectory(true)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
  }

  /** JDBC URL of the server's default database, for user {@code postgres}. */
  public String url() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }
}

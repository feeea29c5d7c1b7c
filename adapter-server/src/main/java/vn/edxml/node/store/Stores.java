package vn.edxml.node.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import vn.edxml.node.store.internal.Database;
import vn.edxml.node.store.internal.FilePayloadStore;
import vn.edxml.node.store.internal.JdbcMessageStore;
import vn.edxml.node.store.internal.Migrations;

/**
 * Opens the node's stores.
 *
 * <pre>{@code
 * MessageStore messages =
 *     Stores.messageStore("jdbc:h2:file:/data/node/db/edxml").nodeCode("000.00.00.H29").open();
 * PayloadStore payloads = Stores.payloadStore(Path.of("/data/node"));
 * BackgroundSweep sweep = BackgroundSweep.start(messages, payloads, Instant.now(), "sweep");
 * }</pre>
 *
 * <p>Supported URLs: {@code jdbc:h2:file:<path>} (embedded, the default), {@code
 * jdbc:h2:mem:<name>} (tests; lost with the process) and {@code
 * jdbc:postgresql://<host>[:<port>]/<database>} (several nodes sharing one state). See {@code
 * adapter-server/STORE.md} for what each engine's acknowledgement survives.
 */
public final class Stores {

  private Stores() {}

  /** A builder for a {@link MessageStore} on the database at {@code jdbcUrl}. */
  public static MessageStoreBuilder messageStore(String jdbcUrl) {
    return new MessageStoreBuilder(jdbcUrl);
  }

  /**
   * A content-addressed payload store under {@code root} (folders {@code payloads/} and {@code
   * tmp/}, created if missing).
   */
  public static PayloadStore payloadStore(Path root) throws IOException {
    return new FilePayloadStore(root);
  }

  /** Settings for a {@link MessageStore}; {@link #open()} connects and migrates. */
  public static final class MessageStoreBuilder {
    private final String url;
    private String user;
    private String password = "";
    private String nodeCode;
    private int maxPoolSize = 10;
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private boolean h2Sync = true;

    private MessageStoreBuilder(String url) {
      this.url = Objects.requireNonNull(url, "jdbcUrl");
    }

    /** Database user; default {@code sa} for H2, required for PostgreSQL. */
    public MessageStoreBuilder user(String user) {
      this.user = user;
      return this;
    }

    /** Database password; default empty. */
    public MessageStoreBuilder password(String password) {
      this.password = password == null ? "" : password;
      return this;
    }

    /** This node's code, written on the trace events the store records itself (confirmations). */
    public MessageStoreBuilder nodeCode(String nodeCode) {
      this.nodeCode = nodeCode;
      return this;
    }

    /** Maximum pooled connections (default 10). */
    public MessageStoreBuilder maxPoolSize(int maxPoolSize) {
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("maxPoolSize must be at least 1");
      }
      this.maxPoolSize = maxPoolSize;
      return this;
    }

    /**
     * How long to wait for a connection (at start-up and from the pool) before failing with {@link
     * StoreException.Reason#UNAVAILABLE} (default 10 s).
     */
    public MessageStoreBuilder connectionTimeout(Duration timeout) {
      if (timeout.toMillis() < 250) {
        throw new IllegalArgumentException("connectionTimeout must be at least 250 ms");
      }
      this.connectionTimeout = timeout;
      return this;
    }

    /**
     * H2 file databases only: fsync after every write transaction (default true). Turning it off
     * makes writes several times faster but an acknowledged write may be lost on a process kill (up
     * to H2's write delay) or a power loss. See STORE.md.
     */
    public MessageStoreBuilder h2Sync(boolean h2Sync) {
      this.h2Sync = h2Sync;
      return this;
    }

    /**
     * Connects, applies pending schema migrations and returns the store.
     *
     * @throws StoreException UNAVAILABLE when the database cannot be reached; FAILED when its
     *     schema is newer than this node or was altered
     */
    public MessageStore open() {
      String effectiveUser = user;
      if (effectiveUser == null) {
        if (url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
          effectiveUser = "sa";
        } else if (!url.contains("user=")) {
          throw new IllegalArgumentException("a database user is required for " + url);
        }
      }
      Database db =
          Database.open(
              new Database.Settings(
                  url, effectiveUser, password, maxPoolSize, connectionTimeout, h2Sync));
      try {
        Migrations.load(db.dialect()).apply(db);
        return new JdbcMessageStore(db, nodeCode);
      } catch (RuntimeException | Error e) {
        db.close();
        throw e;
      }
    }
  }
}

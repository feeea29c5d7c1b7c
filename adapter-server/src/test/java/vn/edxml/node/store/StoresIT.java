package vn.edxml.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Opening stores: supported URLs, unreachable databases, the in-memory H2 mode. */
class StoresIT {

  @Test
  void anUnreachableDatabaseIsUnavailableWithAHint() {
    StoreException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                assertThrows(
                    StoreException.class,
                    () ->
                        Stores.messageStore("jdbc:postgresql://127.0.0.1:1/edxml?password=secret")
                            .user("edxml")
                            .connectionTimeout(Duration.ofSeconds(1))
                            .open()));
    assertEquals(StoreException.Reason.UNAVAILABLE, e.reason());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("check that the database is running"), e::getMessage);
    assertTrue(e.getMessage().contains("password=***"), e::getMessage);
    assertTrue(!e.getMessage().contains("secret"), e::getMessage);
  }

  @Test
  void unsupportedUrlsAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Stores.messageStore("jdbc:mysql://localhost/x").user("u").open());
    assertTrue(e.getMessage().contains("jdbc:postgresql://"), e::getMessage);
  }

  @Test
  void inMemoryH2WorksForQuickTests() {
    try (MessageStore store = Stores.messageStore("jdbc:h2:mem:stores-it").open()) {
      store.putOrgan(Fixtures.organ("000.00.00.G22", "A"));
      assertTrue(store.organ("000.00.00.G22").isPresent());
      assertTrue(store.isHealthy());
    }
    // closing drops the in-memory database
    try (MessageStore store = Stores.messageStore("jdbc:h2:mem:stores-it").open()) {
      assertTrue(store.organ("000.00.00.G22").isEmpty());
    }
  }
}

-- Store-and-forward: the outbound queue. One row per (message, next node): the recipients of a
-- message that the routing table sends to the same next node travel together in one forward.
-- Re-runnable (IF NOT EXISTS), like V1: H2 commits each DDL statement on its own.
--
-- state: pending (waiting or being sent), sent (the next node answered with a receipt),
--        dead (gave up after forward.max-attempts, or the next node refused it for good).
-- A forwarder claims a due pending row by setting claimed_by (a token unique to that claim) and
-- claimed_until (the lease) under a row lock; another forwarder (another cluster node) skips it
-- until the lease has passed. Finishing a forward is fenced by the claim token.
CREATE TABLE IF NOT EXISTS outbound (
  message_pk      BIGINT       NOT NULL,
  next_node       VARCHAR(64)  NOT NULL,
  state           VARCHAR(16)  NOT NULL,
  attempts        INTEGER      NOT NULL,
  next_attempt_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  claimed_by      VARCHAR(64),
  claimed_until   TIMESTAMP(6) WITH TIME ZONE,
  last_error      VARCHAR(4000),
  created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_outbound PRIMARY KEY (message_pk, next_node),
  CONSTRAINT fk_outbound_message FOREIGN KEY (message_pk) REFERENCES messages (id),
  CONSTRAINT ck_outbound_state CHECK (state IN ('pending', 'sent', 'dead')),
  CONSTRAINT ck_outbound_attempts CHECK (attempts >= 0)
);
CREATE INDEX IF NOT EXISTS ix_outbound_due ON outbound (state, next_node, next_attempt_at);

-- One row per job, keyed by its idempotency key. The same SQL serves SQLite and PostgreSQL: times are
-- epoch milliseconds (SQLite has no timestamp type), JSON is text (the store reads it back whole).
CREATE TABLE lipsync_job (
  idempotency_key VARCHAR(128) NOT NULL PRIMARY KEY,
  state           VARCHAR(32)  NOT NULL,
  ended           BOOLEAN      NOT NULL,
  vendor          VARCHAR(64),
  task_vendor     VARCHAR(64),
  task_id         TEXT,
  job             TEXT         NOT NULL,
  attempts        TEXT         NOT NULL,
  failure         VARCHAR(32),
  failure_message TEXT,
  result          TEXT,
  version         BIGINT       NOT NULL,
  created_at      BIGINT       NOT NULL,
  updated_at      BIGINT       NOT NULL
);

-- Recovery and listing read the unfinished jobs, oldest first.
CREATE INDEX lipsync_job_unfinished ON lipsync_job (ended, created_at);

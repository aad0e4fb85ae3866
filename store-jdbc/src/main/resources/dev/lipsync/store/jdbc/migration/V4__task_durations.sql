-- How long each vendor's tasks took, by the audio they were billed for: every gateway on the store
-- learns from them where to place its polls. Times and lengths are milliseconds; a gateway reads the
-- most recent rows of a vendor, and the store keeps only the newest thousand or so of each.
CREATE TABLE lipsync_task_duration (
  vendor   VARCHAR(64) NOT NULL,
  audio_ms BIGINT      NOT NULL,
  took_ms  BIGINT      NOT NULL,
  ended_at BIGINT      NOT NULL
);

CREATE INDEX lipsync_task_duration_recent ON lipsync_task_duration (vendor, ended_at);

-- Jobs that used up their attempts or stopped on an unexpected error: kept for an operator to list and
-- redrive. A redrive starts a new job (metadata.redriven_from); the failed job stays failed.
CREATE TABLE dead_letters (
  job_id       uuid PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
  reason       text NOT NULL CHECK (reason IN ('attempts_exhausted','worker_lost','internal_error')),
  error        text,
  attempts     integer NOT NULL,
  dead_at      timestamptz NOT NULL DEFAULT now(),
  redriven_at  timestamptz,
  redriven_to  uuid
);
CREATE INDEX dead_letters_dead_at_idx ON dead_letters (dead_at);

-- Jobs: the record of truth for every discovery request.
CREATE TABLE jobs (
  id               uuid PRIMARY KEY,
  status           text NOT NULL CHECK (status IN ('pending','queued','running','completed','failed','cancelled')),
  inputs           jsonb NOT NULL,
  results          jsonb,
  raw_output       text,
  error            text,
  status_message   text NOT NULL DEFAULT '',
  search_title     text,
  metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
  progress         jsonb NOT NULL DEFAULT '{}'::jsonb,
  priority         text NOT NULL DEFAULT 'normal',
  attempt          integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL DEFAULT 3,
  cancel_requested boolean NOT NULL DEFAULT false,
  result_writes    integer NOT NULL DEFAULT 0,
  event_seq        integer NOT NULL DEFAULT 0,
  idempotency_key  text UNIQUE,
  request_hash     text,
  client_key       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz
);
CREATE INDEX jobs_status_idx ON jobs (status);
CREATE INDEX jobs_created_at_idx ON jobs (created_at);

-- The timeline of each job, for Server-Sent Events replay (Last-Event-ID).
CREATE TABLE job_events (
  job_id     uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  seq        integer NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('status','progress')),
  data       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, seq)
);

-- Two cache tiers: 'analysis' (the course profile) and 'full' (final results).
CREATE TABLE course_cache (
  cache_key   text PRIMARY KEY,
  cache_type  text NOT NULL CHECK (cache_type IN ('analysis','full')),
  config_hash text NOT NULL,
  inputs      jsonb NOT NULL,
  results     jsonb NOT NULL,
  cached_at   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX course_cache_expires_idx ON course_cache (expires_at);

-- Uploaded syllabi and book PDFs, kept as extracted text for 24 h.
CREATE TABLE uploads (
  id          uuid PRIMARY KEY,
  sha256      text NOT NULL,
  media_type  text NOT NULL,
  bytes       integer NOT NULL,
  file_name   text,
  text        text NOT NULL,
  outline     jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX uploads_expires_idx ON uploads (expires_at);

-- Catalog lists imported by operators; shared by every worker and part of the catalog version.
CREATE TABLE catalog_imports (
  id          uuid PRIMARY KEY,
  origin      text NOT NULL,
  format      text NOT NULL,
  sha256      text NOT NULL UNIQUE,
  entry_count integer NOT NULL,
  entries     jsonb NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

import type { Resource } from '../contracts/resource';
import type { SubmitRequest } from '../contracts/submit';
import type { JobMetadata, Progress } from '../contracts/status';
import type { JobStatus, Priority } from '../contracts/vocabulary';

/** What the pipeline searches on: the validated submit body without the delivery options. */
export type JobInputs = Omit<SubmitRequest, 'email' | 'priority' | 'bypass_cache'> & { bypass_cache?: boolean };

/** One row of `jobs`, as the code sees it. */
export interface JobRecord {
  id: string;
  status: JobStatus;
  inputs: JobInputs;
  results: Resource[] | null;
  raw_output: string | null;
  error: string | null;
  status_message: string;
  search_title: string | null;
  metadata: JobMetadata;
  progress: Progress;
  priority: Priority;
  attempt: number;
  max_attempts: number;
  cancel_requested: boolean;
  result_writes: number;
  event_seq: number;
  client_key: string | null;
  created_at: Date;
  started_at: Date | null;
  updated_at: Date;
  completed_at: Date | null;
}

export interface JobEvent {
  job_id: string;
  seq: number;
  kind: 'status' | 'progress';
  data: unknown;
}

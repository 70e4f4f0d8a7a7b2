import type { Resource } from '../contracts/resource';
import type { TextbookInfo } from '../contracts/status';
import type { PipelineStage } from '../contracts/vocabulary';
import type { JobInputs } from '../store/job-record';
import type { CourseProfile } from './profile';

/** An uploaded syllabus or book, already turned into text when it was received. */
export interface UploadedDocument {
  media_type: string;
  text: string;
  outline: string[];
  sha256: string;
}

export interface PipelineInput {
  inputs: JobInputs;
  upload: UploadedDocument | null;
}

export interface StageProgress {
  stage: PipelineStage;
  detail: string;
}

export interface PipelineContext {
  signal: AbortSignal;
  onProgress: (p: StageProgress) => void;
  /** A cached course profile: when given, stage 1 is skipped. */
  cachedProfile: CourseProfile | null;
  /** Called once stage 1 has a profile, so the runner can cache it and show the chapters early. */
  onProfile: (profile: CourseProfile) => Promise<void>;
}

export interface PipelineMetadata {
  textbook_info: TextbookInfo;
  chapters: string[];
  subjects: string[];
  level: string;
  resource_count: number;
  timings_ms: Record<string, number>;
}

export interface PipelineOutput {
  results: Resource[];
  raw_output: string;
  search_title: string;
  metadata: PipelineMetadata;
}

/**
 * The job runner's one entry into discovery: inputs + AbortSignal + progress → results + report.
 * `configHash` names everything that changes answers (catalog version, providers, models), for cache keys.
 */
export interface DiscoveryPipeline {
  configHash(): Promise<string>;
  run(input: PipelineInput, ctx: PipelineContext): Promise<PipelineOutput>;
}

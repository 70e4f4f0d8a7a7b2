import { z } from 'zod';

/** What a student can ask for (design §1). */
export const DesiredResourceType = z.enum([
  'textbooks',
  'practice_problem_sets',
  'practice_exams_tests',
  'lecture_videos',
  'lecture_notes',
  'online_courses',
  'reference_materials',
]);
export type DesiredResourceType = z.infer<typeof DesiredResourceType>;

/** What a recommended resource is (design §3). */
export const ResourceType = z.enum([
  'textbook',
  'course',
  'lecture_notes',
  'problem_set',
  'practice_exam',
  'video',
  'tutorial',
  'reference',
]);
export type ResourceType = z.infer<typeof ResourceType>;

/** Which resource types satisfy each desired type. */
export const DESIRED_TO_RESOURCE: Record<DesiredResourceType, readonly ResourceType[]> = {
  textbooks: ['textbook'],
  practice_problem_sets: ['problem_set'],
  practice_exams_tests: ['practice_exam'],
  lecture_videos: ['video'],
  lecture_notes: ['lecture_notes'],
  online_courses: ['course', 'tutorial'],
  reference_materials: ['reference'],
};

/**
 * The fixed licence vocabulary: SPDX ids plus three of our own.
 * `free-access` means free to read with no open licence stated; `unverified` means nobody stated one.
 */
export const LicenseId = z.enum([
  'CC0-1.0',
  'CC-BY-2.0',
  'CC-BY-2.5',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'CC-BY-SA-2.0',
  'CC-BY-SA-2.5',
  'CC-BY-SA-3.0',
  'CC-BY-SA-4.0',
  'CC-BY-NC-2.0',
  'CC-BY-NC-2.5',
  'CC-BY-NC-3.0',
  'CC-BY-NC-4.0',
  'CC-BY-NC-SA-2.0',
  'CC-BY-NC-SA-2.5',
  'CC-BY-NC-SA-3.0',
  'CC-BY-NC-SA-4.0',
  'CC-BY-ND-4.0',
  'CC-BY-NC-ND-3.0',
  'CC-BY-NC-ND-4.0',
  'GFDL-1.3',
  'MIT',
  'Apache-2.0',
  'GPL-3.0',
  'public-domain',
  'free-access',
  'unverified',
]);
export type LicenseId = z.infer<typeof LicenseId>;

export const NotebookLmFormat = z.enum(['pdf', 'webpage', 'youtube', 'not_compatible']);
export type NotebookLmFormat = z.infer<typeof NotebookLmFormat>;

export const Priority = z.enum(['high', 'normal', 'low']);
export type Priority = z.infer<typeof Priority>;

export const JobStatus = z.enum(['pending', 'queued', 'running', 'completed', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];
export const isTerminal = (s: JobStatus): boolean => TERMINAL_STATUSES.includes(s);

export const STAGES = ['course_analysis', 'resource_discovery', 'validation', 'formatting'] as const;
export const Stage = z.enum(['queued', ...STAGES, 'done']);
export type Stage = z.infer<typeof Stage>;
export type PipelineStage = (typeof STAGES)[number];

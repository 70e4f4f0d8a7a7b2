import type { LicenseId, NotebookLmFormat, Resource, Stage, TextbookInfo } from './contracts';
import { DesiredResourceType } from './contracts';

export type { DesiredResourceType };
export type ResourceType = Resource['type'];

export const DESIRED_TYPES = DesiredResourceType.options;

export const DESIRED_TYPE_LABELS: Record<DesiredResourceType, string> = {
  textbooks: 'Textbooks',
  practice_problem_sets: 'Practice problem sets',
  practice_exams_tests: 'Practice exams and tests',
  lecture_videos: 'Lecture videos',
  lecture_notes: 'Lecture notes',
  online_courses: 'Online courses',
  reference_materials: 'Reference materials',
};

export const TYPE_LABELS: Record<ResourceType, string> = {
  textbook: 'Textbook',
  course: 'Course',
  lecture_notes: 'Lecture notes',
  problem_set: 'Problem set',
  practice_exam: 'Practice exam',
  video: 'Video',
  tutorial: 'Tutorial',
  reference: 'Reference',
};

/** The four stages a student sees, in order. */
export const STAGE_STEPS = [
  { stage: 'course_analysis', label: 'Analysing course' },
  { stage: 'resource_discovery', label: 'Finding resources' },
  { stage: 'validation', label: 'Checking resources' },
  { stage: 'formatting', label: 'Preparing results' },
] as const satisfies readonly { stage: Stage; label: string }[];

export const FORMAT_LABELS: Record<NotebookLmFormat, string> = {
  pdf: 'PDF',
  webpage: 'Web page',
  youtube: 'YouTube',
  not_compatible: 'Not importable',
};

export const TEXTBOOK_SOURCE_LABELS: Record<TextbookInfo['source'], string> = {
  user_provided: 'from what you entered',
  course_page: 'on the course page',
  syllabus: 'in the syllabus',
  catalog: 'in the open-resource catalog',
  not_found: 'not found',
};

/** "CC-BY-NC-SA-4.0" → "CC BY-NC-SA 4.0"; our own ids get words. */
export function licenseLabel(id: LicenseId): string {
  if (id === 'public-domain') return 'Public domain';
  if (id === 'free-access') return 'Free to access';
  if (id === 'unverified') return 'Licence not stated';
  const cc = /^CC-(.+)-(\d\.\d)$/.exec(id);
  if (cc) return `CC ${cc[1]} ${cc[2]}`;
  if (id === 'CC0-1.0') return 'CC0 1.0';
  return id;
}

import { z } from 'zod';
import { Discipline, Level } from './catalog/entry';

export const Textbook = z.object({
  title: z.string(),
  author: z.string().nullable(),
  edition: z.string().nullable(),
  isbn: z.string().nullable(),
  /** Where the textbook was found. */
  source: z.enum(['user_provided', 'course_page', 'syllabus', 'catalog']),
  /** The catalog entry that matched it, when one did. */
  catalog_id: z.string().nullable(),
});
export type Textbook = z.infer<typeof Textbook>;

export const Chapter = z.object({
  title: z.string(),
  /** Finer topics inside the chapter or week (sections, readings, lecture sub-topics). */
  topics: z.array(z.string()),
});
export type Chapter = z.infer<typeof Chapter>;

/** The analysed course: everything later stages know about the input. */
export const CourseProfile = z.object({
  course_title: z.string().nullable(),
  course_number: z.string().nullable(),
  term: z.string().nullable(),
  university: z.string().nullable(),
  textbook: Textbook.nullable(),
  subjects: z.array(Discipline),
  level: Level,
  /** Topics the student typed; they take priority over extracted ones. */
  user_topics: z.array(z.string()),
  /** Chapters, weeks or lecture topics, in course order. */
  chapters: z.array(Chapter),
  keywords: z.array(z.string()),
  /** Resource links found on the course page. */
  links: z.array(z.string()),
});
export type CourseProfile = z.infer<typeof CourseProfile>;

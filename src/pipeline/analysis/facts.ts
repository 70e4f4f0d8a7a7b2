import type { ScheduleSource } from './schedule';
import type { FoundTextbook } from './textbook';

/** What every kind of course document can tell about the course itself. */
export interface CourseIdentity {
  title: string | null;
  courseNumber: string | null;
  term: string | null;
  level: string | null;
  university: string | null;
  textbook: FoundTextbook | null;
  /** The document says there is no (assigned) textbook. */
  noTextbook: boolean;
}

/** The course's topics as a document gives them. */
export interface ScheduleFacts {
  /** Lecture/week/chapter topics in course order. */
  topics: string[];
  /** One entry per topic, with finer subtopics where the document lists them. */
  chapters: Array<{ title: string; topics: string[] }>;
  /** Units or weeks grouping the topics, when the document has them. */
  groups: Array<{ title: string; topics: string[] }>;
  scheduleSource: ScheduleSource;
}

/** Stage 1, text extraction: course facts from a course page, pasted syllabus text or a PDF. */
export { analyseCoursePage, MAX_LINKED_PAGES } from './course-page';
export type { CoursePageFacts, LinkedPageReport } from './course-page';
export { extractCoursePage } from './extract-html';
export type { PageFacts } from './extract-html';
export { analyseSyllabusText, analyseBlocks } from './syllabus-text';
export type { TextFacts } from './syllabus-text';
export { parseHugoMarkdown, parseHugoTable, blocksToText } from './hugo-markdown';
export type { ParsedMarkdown } from './hugo-markdown';
export { extractPdf, analysePdf } from './pdf';
export type { PdfContent } from './pdf';
export { findTextbook, parseCitation, parseMultilineCitation, parseAuthors, statesNoTextbook } from './textbook';
export type { FoundTextbook, TextbookFinding } from './textbook';
export {
  scheduleFromBlocks,
  scheduleFromTable,
  parseScheduleHeading,
  isNonTopic,
  classifySession,
  topicColumn,
  chaptersFromOutline,
  SOURCE_RANK,
} from './schedule';
export type { Schedule, ScheduleEntry, ScheduleSource, SessionKind, HeadingMatch, HeadingKind } from './schedule';
export { extractKeyPhrases } from './keyphrases';
export type { KeyPhraseOptions } from './keyphrases';
export { findCourseNumber, findTerm, findLevel, findUniversity, findNumberedTitle, cleanTitle } from './course-facts';
export type { Block, Table, TableRow, ListItem, Section } from './blocks';

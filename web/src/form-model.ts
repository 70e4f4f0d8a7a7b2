import { LIMITS, SubmitRequest, UPLOAD_MAX_BYTES, type SubmitRequestInput } from './contracts';
import type { DesiredResourceType } from './labels';

/** The seven ways to describe a course (design §1). */
export const MODES = [
  { id: 'course_url', label: 'Course URL' },
  { id: 'book_url', label: 'Book URL' },
  { id: 'title_author', label: 'Title + Author' },
  { id: 'isbn', label: 'ISBN' },
  { id: 'upload', label: 'Upload PDF' },
  { id: 'syllabus', label: 'Paste syllabus' },
  { id: 'topics', label: 'Topics' },
] as const;
export type Mode = (typeof MODES)[number]['id'];

export type TextField =
  | 'course_url'
  | 'course_name'
  | 'university_name'
  | 'book_url'
  | 'book_title'
  | 'book_author'
  | 'isbn'
  | 'syllabus_text'
  | 'topics';
export type FieldKey = TextField | 'file' | 'focus_topics' | 'targeted_sites' | 'excluded_sites' | 'desired_resource_types' | 'max_results';

export interface Options {
  desired_resource_types: DesiredResourceType[];
  focus_topics: string;
  targeted_sites: string;
  excluded_sites: string;
  max_results: number;
  bypass_cache: boolean;
}

export interface FormState {
  mode: Mode;
  text: Record<TextField, string>;
  file: File | null;
  options: Options;
}

export const initialForm = (): FormState => ({
  mode: 'title_author',
  text: { course_url: '', course_name: '', university_name: '', book_url: '', book_title: '', book_author: '', isbn: '', syllabus_text: '', topics: '' },
  file: null,
  options: { desired_resource_types: [], focus_topics: '', targeted_sites: '', excluded_sites: '', max_results: 6, bypass_cache: false },
});

export interface FieldSpec {
  key: TextField | 'file';
  label: string;
  required: boolean;
  /** What to type, shown under the label. */
  hint?: string;
  placeholder?: string;
  /** The message when a required field is left empty: it says what to do. */
  missing?: string;
  kind: 'url' | 'text' | 'textarea' | 'file';
  max?: number;
  autoComplete?: string;
}

const F = {
  course_url: {
    key: 'course_url',
    label: 'Course page URL',
    required: true,
    kind: 'url',
    placeholder: 'https://ocw.mit.edu/courses/18-06sc-linear-algebra-fall-2011/',
    hint: 'The public page of the course or its syllabus.',
    missing: 'Enter the address of the course page, starting with https://.',
    max: LIMITS.url,
  },
  course_name: { key: 'course_name', label: 'Course name (optional)', required: false, kind: 'text', max: LIMITS.shortText, placeholder: 'Linear Algebra' },
  university_name: { key: 'university_name', label: 'University (optional)', required: false, kind: 'text', max: LIMITS.shortText, autoComplete: 'organization' },
  book_url: {
    key: 'book_url',
    label: 'Book URL',
    required: true,
    kind: 'url',
    placeholder: 'https://openstax.org/details/books/calculus-volume-1',
    hint: 'The page of the textbook at its publisher or library.',
    missing: 'Enter the address of the book page, starting with https://.',
    max: LIMITS.url,
  },
  book_title: {
    key: 'book_title',
    label: 'Book title',
    required: true,
    kind: 'text',
    placeholder: 'Calculus Volume 1',
    missing: 'Enter the title of the textbook, e.g. Calculus Volume 1.',
    max: LIMITS.shortText,
  },
  book_author: {
    key: 'book_author',
    label: 'Author (optional)',
    required: false,
    kind: 'text',
    placeholder: 'Strang',
    hint: 'The author helps find the right edition.',
    max: LIMITS.shortText,
  },
  isbn: {
    key: 'isbn',
    label: 'ISBN',
    required: true,
    kind: 'text',
    placeholder: '978-1-947172-13-5',
    hint: 'ISBN-10 or ISBN-13, from the back cover or the copyright page; hyphens and spaces are fine.',
    missing: 'Enter the 10- or 13-digit ISBN of the book.',
  },
  file: {
    key: 'file',
    label: 'Syllabus or book (PDF or plain text)',
    required: true,
    kind: 'file',
    hint: `A PDF up to ${UPLOAD_MAX_BYTES / 1024 / 1024} MB, or a .txt syllabus.`,
    missing: 'Choose a PDF or text file to upload.',
  },
  syllabus_text: {
    key: 'syllabus_text',
    label: 'Syllabus text',
    required: true,
    kind: 'textarea',
    hint: 'Paste the course outline or schedule; chapters and weekly topics help most.',
    missing: 'Paste the text of the syllabus.',
    max: LIMITS.syllabus,
  },
  topics: {
    key: 'topics',
    label: 'Topics',
    required: true,
    kind: 'textarea',
    placeholder: 'eigenvalues, determinants, vector spaces',
    hint: 'Separate topics with commas.',
    missing: 'Enter at least one topic, e.g. eigenvalues, determinants.',
    max: LIMITS.topics,
  },
} as const satisfies Record<TextField | 'file', FieldSpec>;

/** Only these fields appear for each choice. */
export const MODE_FIELDS: Record<Mode, readonly FieldSpec[]> = {
  course_url: [F.course_url, F.course_name, F.university_name],
  book_url: [F.book_url],
  title_author: [F.book_title, F.book_author],
  isbn: [F.isbn],
  upload: [F.file],
  syllabus: [F.syllabus_text],
  topics: [F.topics],
};

export const OPTION_LABELS: Record<Exclude<FieldKey, TextField | 'file'>, string> = {
  focus_topics: 'Focus topics',
  targeted_sites: 'Sites to target',
  excluded_sites: 'Sites to exclude',
  desired_resource_types: 'Resource types',
  max_results: 'Number of results',
};

export function fieldLabel(key: FieldKey): string {
  if (key in OPTION_LABELS) return OPTION_LABELS[key as keyof typeof OPTION_LABELS];
  return F[key as TextField | 'file'].label.replace(/ \(optional\)$/, '');
}

/** The request body for the current choice: only its own fields, plus the optional settings. */
export function buildRequest(s: FormState, uploadId?: string): SubmitRequestInput {
  const body: SubmitRequestInput = {};
  for (const f of MODE_FIELDS[s.mode]) {
    if (f.key === 'file') continue;
    const v = s.text[f.key];
    if (v.trim() === '') continue;
    if (f.key === 'topics') body.topics_list = v;
    else body[f.key] = v;
  }
  if (s.mode === 'upload' && uploadId) body.book_upload_id = uploadId;
  const o = s.options;
  // In Topics mode the topics are the focus; the focus-topics box is kept for the other choices.
  if (s.mode !== 'topics' && o.focus_topics.trim() !== '') body.topics_list = o.focus_topics;
  if (o.desired_resource_types.length > 0) body.desired_resource_types = [...o.desired_resource_types];
  if (o.targeted_sites.trim() !== '') body.targeted_sites = o.targeted_sites;
  if (o.excluded_sites.trim() !== '') body.excluded_sites = o.excluded_sites;
  body.max_results = o.max_results;
  if (o.bypass_cache) body.bypass_cache = true;
  return body;
}

/** Maps a request field (as the API names it) to the form field that holds it. */
export function formFieldOf(apiField: string, mode: Mode): FieldKey | null {
  const top = apiField.split('.')[0] ?? '';
  switch (top) {
    case 'topics_list':
      return mode === 'topics' ? 'topics' : 'focus_topics';
    case 'book_upload_id':
      return 'file';
    case 'course_url':
    case 'course_name':
    case 'university_name':
    case 'book_url':
    case 'book_title':
    case 'book_author':
    case 'isbn':
    case 'syllabus_text':
    case 'targeted_sites':
    case 'excluded_sites':
    case 'desired_resource_types':
    case 'max_results':
      return top;
    default:
      return null;
  }
}

const sentence = (s: string): string => {
  const t = s.trim().replace(/\.$/, '');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
};

/** A message that names the field when the API's wording needs a subject ("must be …", "is required"). */
export function fieldMessage(key: FieldKey, problem: string): string {
  const msg = /^(must|is|contains)\b/.test(problem) ? sentence(`${fieldLabel(key)} ${problem}`) : sentence(problem);
  return key === 'targeted_sites' || key === 'excluded_sites' ? `${msg} List host names separated by commas, e.g. ocw.mit.edu, openstax.org.` : msg;
}

const PDF_OR_TEXT = /\.(pdf|txt|text|md)$/i;

function fileProblem(file: File | null): string | null {
  if (!file) return null;
  if (file.size === 0) return 'This file is empty. Choose the PDF or text file of the syllabus.';
  if (file.size > UPLOAD_MAX_BYTES) {
    return `This file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${UPLOAD_MAX_BYTES / 1024 / 1024} MB. Upload a smaller PDF or paste the syllabus text instead.`;
  }
  if (!PDF_OR_TEXT.test(file.name) && file.type !== 'application/pdf' && !file.type.startsWith('text/')) {
    return 'Only PDF and plain-text files can be read. Save the document as PDF, or paste its text.';
  }
  return null;
}

/**
 * The problems of the current form, by field, with the API's own rules (SubmitRequest, hence isbnProblem
 * and httpUrl) plus "this choice needs its main field". Empty when the form can be submitted.
 */
export function validateForm(s: FormState): Partial<Record<FieldKey, string>> {
  const errors: Partial<Record<FieldKey, string>> = {};
  for (const f of MODE_FIELDS[s.mode]) {
    if (!f.required) continue;
    const empty = f.key === 'file' ? s.file === null : s.text[f.key].trim() === '';
    if (empty && f.missing) errors[f.key] = f.missing;
  }
  if (s.mode === 'upload') {
    const p = fileProblem(s.file);
    if (p) errors.file = p;
  }
  const parsed = SubmitRequest.safeParse(buildRequest(s));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = formFieldOf(issue.path.map(String).join('.'), s.mode);
      if (key && !errors[key]) errors[key] = fieldMessage(key, issue.message);
    }
  }
  return errors;
}

/** A short name for the search, kept in the history until the server gives its own title. */
export function provisionalTitle(s: FormState): string {
  const t = s.text;
  const clip = (v: string, n = 80) => (v.length > n ? `${v.slice(0, n - 1)}…` : v);
  switch (s.mode) {
    case 'course_url':
      return clip(t.course_name.trim() || t.course_url.trim().replace(/^https?:\/\//, ''));
    case 'book_url':
      return clip(t.book_url.trim().replace(/^https?:\/\//, ''));
    case 'title_author':
      return clip(t.book_author.trim() ? `${t.book_title.trim()} by ${t.book_author.trim()}` : t.book_title.trim());
    case 'isbn':
      return `ISBN ${t.isbn.trim()}`;
    case 'upload':
      return clip(s.file?.name ?? 'Uploaded file');
    case 'syllabus':
      return 'Pasted syllabus';
    case 'topics':
      return clip(t.topics.trim());
  }
}

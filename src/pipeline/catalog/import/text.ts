import type { ResourceType } from '../../../contracts/vocabulary';
import type { Level } from '../entry';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function collapse(s: string): string {
  return /\s\s|[^\S ]/.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim();
}

/** Cut to `max` characters at a word boundary, ending with an ellipsis. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** Remove markdown backslash escapes (`\[`, `\]`, `\|`, `\#` …). */
export function unescapeMarkdown(s: string): string {
  return s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Plain text from inline markdown/HTML: links become their text, images vanish, emphasis and tags go. */
export function plainText(s: string): string {
  const noLinks = s
    .replace(/!\[(?:\\.|[^\]\\])*\]\([^)]*\)/g, '')
    .replace(/\[((?:\\.|[^\]\\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)/g, '$1');
  const noTags = noLinks.replace(/<\/?[a-z][^>]*>/gi, '').replace(/&(#39|[a-z]+);/gi, (m, e: string) => ENTITIES[e.toLowerCase()] ?? m);
  return collapse(unescapeMarkdown(noTags.replace(/\*\*|__|`/g, '')));
}

const STOP = new Set(
  (
    'a an the and or of for to in on with by from at as into onto your you its it is are be how what why via using use ' +
    'vs versus all any some more most new my our their this that these those course courses book books edition ed vol ' +
    'volume part chapter lecture lectures notes video videos playlist series full complete free online tutorial ' +
    'tutorials guide beginners beginner basic basics advanced first second third 2nd 3rd university college school ' +
    'institute class spring fall summer winter autumn made easy learn step hours minutes crash practical modern ' +
    'prof professor dr lec intro introduction introductory elements principles essentials primer handbook text ' +
    'textbook manual mooc part one two three 101 et al pdf html epub'
  ).split(' '),
);

/** Significant lowercase words of a title, for topics. */
export function titleWords(title: string, max = 8): string[] {
  const words = title
    .toLowerCase()
    .split(/[^\p{L}\p{N}+#.'-]+/u)
    .map((w) => w.replace(/^[.'-]+|[.'-]+$/g, ''))
    .filter((w) => w.length >= 3 && !STOP.has(w) && !/\d/.test(w));
  return [...new Set(words)].slice(0, max);
}

const INTRO =
  /\b(intro|introduction|introductory|beginners?|beginning|basics?|elementary|fundamentals?|foundations of|primer|first course|crash course|101|getting started|for dummies|essentials|gentle|pre-?calculus|high school|from scratch|zero to)\b/i;
const ADVANCED = /\b(advanced|(?<!under)graduate|ph\.?d|doctoral|research-level|special topics)\b/i;

/** Level from words in a title or heading; null when the text says nothing. */
export function levelFromWords(text: string): Level | null {
  if (INTRO.test(text)) return 'introductory';
  if (ADVANCED.test(text)) return 'advanced';
  return null;
}

/** Level from a level-like column value (OER "primary user"/"education level" vocabularies). */
export function levelFromValue(value: string): Level | null {
  const v = value.toLowerCase();
  if (/\b(introductory|beginner|elementary|lower[- ]division|high school|secondary|k-12|novice|basic)\b/.test(v)) return 'introductory';
  if (/\b(advanced|(?<!under)graduate|expert|professional|research)\b/.test(v)) return 'advanced';
  if (/\b(intermediate|undergraduate|upper[- ]division|college|community college)\b/.test(v)) return 'intermediate';
  return null;
}

/** Resource type named by a material-type text, or implied by a title; null when nothing is said. */
export function typeFromText(text: string): ResourceType | null {
  const t = text.toLowerCase();
  const RULES: [RegExp, ResourceType][] = [
    [/\b(lecture|course|class) notes?\b|\bnotes$|\bhandouts?\b/, 'lecture_notes'],
    [/\bproblem sets?\b|\bhomework\b|\bassignments?\b|\bworksheets?\b|\bexercises\b|\bpractice problems\b|^problems\b|\bproblems? book\b/, 'problem_set'],
    [/\b(practice|past|sample) (exams?|tests?|papers?)\b|\btest practice\b|\bexams?\b|\bquiz(zes)?\b|\bassessments?\b/, 'practice_exam'],
    [/\bvideos?\b|\blecture recordings?\b|\bplaylists?\b|\bscreencasts?\b|\bwebcasts?\b/, 'video'],
    [/\b(text)?books?\b|\bebooks?\b|\bmonographs?\b|\breadings?\b/, 'textbook'],
    [/\btutorials?\b|\bhow-to\b/, 'tutorial'],
    [/\breference\b|\bencyclopa?edia\b|\bdictionary\b|\bcheat ?sheets?\b|\bformulary\b|\bglossary\b/, 'reference'],
    [/\bcourses?\b|\bcurriculum\b|\bmodules?\b|\bmoocs?\b/, 'course'],
  ];
  for (const [re, type] of RULES) if (re.test(t)) return type;
  return null;
}

/** Lowercase, clipped, de-duplicated topics (schema: 1..60 items of 2..120 chars). */
export function cleanTopics(candidates: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const t = clip(collapse(c).toLowerCase(), 120);
    if (t.length < 2 || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
    if (out.length === 60) break;
  }
  return out;
}

/** "Last, First" → "First Last"; other forms unchanged. */
export function naturalName(name: string): string {
  const m = /^([^,]+),\s*([^,]+)$/.exec(name.trim());
  return m ? `${m[2]} ${m[1]}` : name.trim();
}

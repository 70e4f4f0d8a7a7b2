import { DISCIPLINE_FAMILIES, DISCIPLINES } from '../entry';
import type { Discipline } from '../entry';

/**
 * Keyword table: `phrases => disciplines`. Phrases are lowercase words matched on word boundaries after
 * normalisation (`&` → and, punctuation → space); longer phrases win and consume their words. A leading `~` marks a broad heading ("Engineering",
 * "Social Science") used only when nothing specific matches.
 */
const TABLE = `
linear algebra|matrix algebra|matrices|vector spaces => linear-algebra
calculus|precalculus|pre calculus|multivariable|differential calculus|integral calculus => calculus
statistics|statistical|probability|stochastic|stochastic processes|bayesian|statistical learning|time series|econometrics => statistics
discrete mathematics|discrete math|discrete structures|combinatorics|graph theory|combinatorial => discrete-mathematics
mathematics|math|maths|mathematical|algebra|geometry|topology|trigonometry|number theory|set theory|category theory|group theory|galois theory|real analysis|complex analysis|functional analysis|numerical analysis|harmonic analysis|measure theory|differential equations|dynamical systems|arithmetic|optimization|operations research|applied mathematics|numerical methods|proofs|logic and proof|mathematical logic|ergodic theory|representation theory|commutative algebra => mathematics
physics|mechanics|quantum|quantum mechanics|relativity|thermodynamics|electromagnetism|optics|nuclear physics|particle physics|statistical physics|classical mechanics|electricity and magnetism|waves => physics
chemistry|chemical|biochemistry|organic chemistry|electrochemistry|alchemy => chemistry
astronomy|astrophysics|cosmology|planetary science|astronautics|space science|hubble => astronomy
earth science|earth sciences|geology|geophysics|oceanography|atmospheric science|meteorology|climate|climate science|hydrology|physical geology|geosciences|seismology|geospatial|gis|geographic information systems => earth-science
biology|biological|genetics|molecular biology|cell biology|ecology|botany|zoology|natural history|evolution|life science|life sciences|genomics|bioinformatics|computational biology|neuroscience|neurobiology|biotechnology|mathematical biology => biology
anatomy|physiology|human anatomy|anatomy physiology|human biology => anatomy-physiology
microbiology|immunology|virology|bacteriology => microbiology
environmental science|environmental studies|environment|sustainability|sustainable energy|energy conservation|climate change => environmental-science
medicine|medical|health and medicine|health medicine and nursing|clinical|pharmacology|surgery => medicine
nursing => nursing
public health|epidemiology|global health => public-health
nutrition|dietetics|food science => nutrition
computer science|computing|computer|computers|algorithms|algorithm|data structures|theory of computation|theoretical computer science|theoretical cs|operating systems|operating system|distributed systems|computer networks|networking|networks|databases|database|nosql|compilers|compiler|compiler design|computer architecture|computer organization|computer organization and architecture|computer systems|systems programming|security|cryptography|computer graphics|graphics|software engineering|software architecture|software design|cloud computing|quantum computing|parallel computing|parallel programming|concurrency|information retrieval|search engines|hci|human computer interaction|embedded systems|blockchain|cellular automata|information science|information technology|computation|real time systems|network science|system design|devops|containers|cloud|aws|azure|gcp|kubernetes|docker|linux|unix|computational|soft computing|cyber security|cybersecurity|privacy|version control|web performance|web services => computer-science
programming|programming languages|coding|software development|web development|web programming|mobile application development|game development|android|ios|python|java|javascript|typescript|c++|c#|golang|rust|ruby|php|perl|haskell|scala|kotlin|swift|lisp|scheme|racket|clojure|elixir|erlang|ocaml|f#|fortran|cobol|julia|matlab|lua|dart|flutter|react|react native|angular|angularjs|vue js|node js|nodejs|deno|django|flask|fastapi|rails|html|css|html and css|sql|bash|shell|powershell|assembly|apl|autoit|ballerina|cuda|cypress|objective c|pharo|processing|qb64|solidity|verilog|vhdl|systemverilog|wordpress|yaml|markdown|git|vim|emacs|ide and editors|regular expressions|regex|object oriented|object oriented programming|object oriented design|functional programming|competitive programming|programming paradigms|jquery|redux|svelte|webpack|next js|nest js|electron|bootstrap|three js|d3 js|jupyter|net|terraform|ansible|chef|jenkins|redis|spark|elastic|simulink|web3|windows phone|smalltalk|software|ui ux => programming
data science|data analysis|data mining|big data|analytics|data visualization|data engineering => data-science
artificial intelligence|ai|machine learning|deep learning|neural networks|neural network|reinforcement learning|natural language processing|nlp|computer vision|generative ai|llms|llm|large language models|probabilistic graphical modeling|unsupervised learning|prompt engineering|robotics|pattern recognition|image processing|ai for mathematics|mathematics for machine learning|cognitive robotics => artificial-intelligence
electrical engineering|electronics|electronic technology|digital electronics|circuits|signal processing|signals and systems|control systems|control theory|digital systems design|plc|programmable logic controllers|electrical|power systems|microelectronics|information theory|coding theory|information and coding theory|telecommunications => electrical-engineering
mechanical engineering|aerospace engineering|aerospace|aeronautics|ocean engineering|materials science|materials science and engineering|fluid mechanics|mechanics of materials|systems engineering|manufacturing|nuclear engineering|machinery|mechanical => mechanical-engineering
civil engineering|structural engineering|transportation|environmental engineering|urban planning|construction => civil-engineering
chemical engineering|biological engineering|bioengineering|chemical technology|process engineering => chemical-engineering
psychology|cognitive science|cognition|behavioral science => psychology
sociology|gender studies|women s studies|ethnic studies|society|urban studies => sociology
economics|microeconomics|macroeconomics|economic => economics
political science|politics|government|international relations|public policy|public administration => political-science
anthropology|cultural anthropology|archaeology|world cultures => anthropology
geography|cultural geography|physical geography => geography
history|world history|u s history|american history|ancient history|history of science and technology|history of mathematics => history
philosophy|ethics|political philosophy|epistemology|metaphysics => philosophy
literature|reading literature|fiction|poetry|comparative literature|international literature|criticism|drama|shakespeare|novel => literature
writing|composition and rehtoric|composition and rhetoric|rhetoric|nonfiction prose|communication|technical writing => writing
art|arts|fine arts|visual arts|graphic arts|graphic design|performing arts|art history|architecture|architectural design|architecture and design|film|theater|theatre|dance|media studies|digital media => art
music|film and music production|musical => music
religion|religious studies|theology => religion
languages|language|foreign languages|spanish|french|german|chinese|japanese|esl|language education esl => languages
linguistics|computational psycholinguistics|psycholinguistics => linguistics
business|business and communication|entrepreneurship|business ethicates|business ethics => business
accounting => accounting
finance|financial|mathematical finance|computational finance|quantitative finance => finance
management|operations management|organizational behavior|leadership|project management => management
marketing|public relations|advertising => marketing
law|legal|licensing|intellectual property => law
education|teaching and education|educational technology|higher education|teaching|mathematics education|library and information science|library science => education
~engineering|energy|technology => mechanical-engineering
~humanities|arts and humanities => history
~social science|social sciences => sociology
~science|sciences|natural sciences|physical science|physical sciences => physics
~health => medicine
~web|internet => programming
`;

interface Rule {
  words: string[];
  disciplines: Discipline[];
  broad: boolean;
}

const KNOWN = new Set<string>(DISCIPLINES);

/** Rules indexed by their first word, longest phrase first. */
function buildRules(): Map<string, Rule[]> {
  const byFirst = new Map<string, Rule[]>();
  for (const line of TABLE.split('\n')) {
    const [lhs, rhs] = line.split('=>');
    if (!lhs || !rhs) continue;
    const broad = lhs.trim().startsWith('~');
    const disciplines = rhs.trim().split(/\s+/).filter((d): d is Discipline => KNOWN.has(d));
    for (const phrase of lhs.replace('~', '').split('|')) {
      const words = phrase.trim().split(/\s+/);
      const first = words[0] ?? '';
      byFirst.set(first, [...(byFirst.get(first) ?? []), { words, disciplines, broad }]);
    }
  }
  for (const rules of byFirst.values()) rules.sort((a, b) => b.words.length - a.words.length);
  return byFirst;
}

const RULES = buildRules();
/** Single letters that name a language only when they are the whole heading ("### C", "### R"). */
const WHOLE_ONLY = new Map<string, Discipline>([
  ['c', 'programming'],
  ['r', 'programming'],
  ['d', 'programming'],
  ['go', 'programming'],
]);

export function normaliseSubject(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}+#]+/gu, ' ')
    .trim();
}

export interface Mapped {
  specific: Discipline[];
  broad: Discipline[];
}

const cache = new Map<string, Mapped>();

function match(norm: string): Mapped {
  const whole = WHOLE_ONLY.get(norm);
  if (whole) return { specific: [whole], broad: [] };
  const tokens = norm.split(' ');
  const specific = new Set<Discipline>();
  const broad = new Set<Discipline>();
  for (let i = 0; i < tokens.length; ) {
    const rule = RULES.get(tokens[i] ?? '')?.find((r) => r.words.every((w, k) => tokens[i + k] === w));
    if (!rule) {
      i++;
      continue;
    }
    for (const d of rule.disciplines) (rule.broad ? broad : specific).add(d);
    i += rule.words.length;
  }
  return { specific: [...specific], broad: [...broad] };
}

/**
 * Disciplines named in a text, in order of appearance, split into specific and broad matches. Matching is
 * leftmost-longest over words, so "linear algebra" does not also count as "algebra".
 */
export function disciplinesIn(text: string): Mapped {
  let hit = cache.get(text);
  if (!hit) {
    hit = match(normaliseSubject(text));
    if (cache.size > 20_000) cache.clear();
    cache.set(text, hit);
  }
  return { specific: [...hit.specific], broad: [...hit.broad] };
}

const FAMILY_OF = new Map<Discipline, string>();
for (const [family, members] of Object.entries(DISCIPLINE_FAMILIES)) for (const d of members) FAMILY_OF.set(d, family);

export function familyOf(d: Discipline): string {
  return FAMILY_OF.get(d) ?? d;
}

/** Add disciplines named in `texts` that share a family with one already chosen (at most 4 in all). */
export function refineWithin(chosen: readonly Discipline[], texts: readonly string[]): Discipline[] {
  const out = [...chosen];
  const families = new Set(out.map(familyOf));
  for (const d of texts.flatMap((t) => disciplinesIn(t).specific)) if (families.has(familyOf(d)) && !out.includes(d)) out.push(d);
  return out.slice(0, 4);
}

/**
 * Subjects from a context chain, innermost first: the first level that names a discipline is the base;
 * outer levels and `refine` texts (e.g. the title) add only disciplines of a family already present.
 * Broad matches are a last resort. At most 4.
 */
export function disciplinesFromContext(levels: readonly string[], refine: readonly string[] = []): Discipline[] {
  const mapped = levels.map(disciplinesIn);
  const baseIdx = mapped.findIndex((m) => m.specific.length > 0);
  if (baseIdx < 0) return (mapped.find((m) => m.broad.length > 0)?.broad ?? []).slice(0, 1);
  return refineWithin(mapped[baseIdx]?.specific ?? [], [...levels.slice(baseIdx + 1), ...refine]);
}

/**
 * Subjects from flat tag lists (CSV subjects + keywords): disciplines ranked by how many tags name them,
 * ties by first appearance. Broad tags count only when no tag is specific. At most 4.
 */
export function disciplinesFromTags(tags: readonly string[]): Discipline[] {
  const score = new Map<Discipline, number>();
  const broadScore = new Map<Discipline, number>();
  for (const tag of tags) {
    const m = disciplinesIn(tag);
    for (const d of m.specific) score.set(d, (score.get(d) ?? 0) + 1);
    for (const d of m.broad) broadScore.set(d, (broadScore.get(d) ?? 0) + 1);
  }
  const pick = score.size > 0 ? score : broadScore;
  const order = [...pick.keys()];
  return [...order]
    .sort((a, b) => (pick.get(b) ?? 0) - (pick.get(a) ?? 0) || order.indexOf(a) - order.indexOf(b))
    .slice(0, score.size > 0 ? 4 : 1);
}

import { stem, words } from './text';

/**
 * Query expansion: abbreviations and near-synonyms that course pages and catalogs use for the same
 * thing. Expanded terms count for less than the words the student typed.
 */
const GROUPS: string[][] = [
  ['statistics', 'statistical', 'stats', 'stat'],
  ['probability', 'probabilistic', 'prob', 'random', 'stochastic'],
  ['calculus', 'calc'],
  ['derivative', 'differentiation', 'differential'],
  ['integral', 'integration', 'antiderivative'],
  ['programming', 'coding', 'code', 'software'],
  ['python', 'py'],
  ['algorithm', 'algorithms', 'algorithmic'],
  ['economics', 'econ', 'economy', 'economic'],
  ['microeconomics', 'micro'],
  ['macroeconomics', 'macro'],
  ['psychology', 'psych', 'psychological'],
  ['biology', 'bio', 'biological', 'life'],
  ['chemistry', 'chem', 'chemical'],
  ['physics', 'phys', 'physical'],
  ['mechanics', 'dynamics', 'kinematics'],
  ['machine learning', 'ml'],
  ['artificial intelligence', 'ai'],
  ['computer science', 'cs', 'computing'],
  ['linear algebra', 'matrices', 'matrix', 'vectors'],
  ['regression', 'correlation'],
  ['hypothesis', 'significance'],
  ['electricity', 'electric', 'electrical', 'circuits', 'circuit'],
  ['genetics', 'genes', 'gene', 'heredity', 'inheritance', 'dna'],
  ['cell', 'cellular', 'cells'],
  ['evolution', 'evolutionary', 'natural selection'],
  ['thermodynamics', 'heat', 'entropy'],
  ['sociology', 'social', 'society'],
  ['history', 'historical'],
  ['philosophy', 'philosophical', 'ethics'],
  ['anatomy', 'physiology', 'body'],
  ['video', 'videos', 'lecture videos'],
  ['exercises', 'problems', 'problem sets', 'practice'],
  ['exam', 'exams', 'test', 'quiz'],
  ['notes', 'lecture notes', 'handouts'],
  ['uncertainty', 'probability', 'risk', 'reliability'],
];

const bySteam = new Map<string, Set<string>>();
for (const g of GROUPS) {
  const stems = [...new Set(g.flatMap((p) => words(p).map(stem)))];
  for (const s of stems) {
    const set = bySteam.get(s) ?? new Set<string>();
    for (const o of stems) if (o !== s) set.add(o);
    bySteam.set(s, set);
  }
}

/** Stems related to `s` (not including `s`), in a stable order. */
export function synonymsOf(s: string): string[] {
  return [...(bySteam.get(s) ?? [])].sort();
}

import type { Resource } from '../../contracts/resource';
import type { CourseProfile } from '../profile';

const esc = (s: string): string => s.replace(/([\\`*_[\]<>|])/g, '\\$1');

/** The markdown report (`raw_output`), rendered from the structured result and never parsed back. */
export function renderReport(title: string, profile: CourseProfile, resources: readonly Resource[]): string {
  const lines: string[] = [`# Study resources: ${esc(title)}`, ''];
  const facts: string[] = [];
  if (profile.course_number) facts.push(`Course number: ${esc(profile.course_number)}`);
  if (profile.term) facts.push(`Term: ${esc(profile.term)}`);
  if (profile.textbook) {
    const t = profile.textbook;
    facts.push(`Textbook: ${esc(t.title)}${t.author ? ` by ${esc(t.author)}` : ''}${t.isbn ? ` (ISBN ${t.isbn})` : ''} — found in ${t.source.replace('_', ' ')}`);
  }
  if (profile.subjects.length) facts.push(`Subjects: ${profile.subjects.join(', ')} (${profile.level})`);
  lines.push(...facts.map((f) => `- ${f}`), '');
  lines.push(`## Resources (${resources.length})`, '');
  resources.forEach((r, i) => {
    lines.push(`### ${i + 1}. [${esc(r.title)}](${r.url})`, '');
    lines.push(`- Type: ${r.type} · Source: ${esc(r.source)} · Score: ${r.score}/100`);
    lines.push(`- Licence: ${r.license} (${r.license_source}) · NotebookLM: ${r.notebooklm_format}`);
    if (r.coverage_topics.length) lines.push(`- Covers: ${r.coverage_topics.map(esc).join('; ')}`);
    lines.push(`- ${esc(r.description)}`, `- Why: ${esc(r.rationale)}`, '');
  });
  const covered = new Set(resources.flatMap((r) => r.coverage_topics));
  const missing = profile.chapters.map((c) => c.title).filter((t) => !covered.has(t));
  lines.push('## Chapter coverage', '', `${profile.chapters.length - missing.length} of ${profile.chapters.length} chapters or topics are covered.`);
  if (missing.length) lines.push('', `Not covered: ${missing.map(esc).join('; ')}`);
  lines.push('', '## Add them to NotebookLM', '', 'Copy these URLs into "Add sources" → "Website" / "YouTube":', '', '```', ...resources.filter((r) => r.notebooklm_format !== 'not_compatible').map((r) => r.url), '```', '');
  return lines.join('\n');
}

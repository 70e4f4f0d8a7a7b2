import { describe, expect, it } from 'vitest';
import { analysePdf, extractPdf } from '../../../src/pipeline/analysis';
import { isPipelineError } from '../../../src/pipeline/errors';
import { buildPdf } from './helpers';

const pdf = buildPdf(
  ['18.05 Introduction to Probability and Statistics', 'Week 1: Counting', 'Week 2: Probability Basics', 'Week 3: Conditional Probability'],
  [
    { title: 'Chapter 1 - Counting', children: ['1.1 Permutations', '1.2 Combinations'] },
    { title: 'Chapter 2 - Probability' },
  ],
);

describe('extractPdf', () => {
  it('returns the text and the outline titles (depth-first) of a hand-written PDF', async () => {
    const before = pdf.slice();
    const r = await extractPdf(pdf);
    expect(r.pages).toBe(1);
    expect(r.text).toContain('Week 1: Counting');
    expect(r.text).toContain('Week 3: Conditional Probability');
    expect(r.outline).toEqual(['Chapter 1 - Counting', '1.1 Permutations', '1.2 Combinations', 'Chapter 2 - Probability']);
    expect(pdf).toEqual(before); // the caller's bytes are left intact
  });

  it('the same heading detection gives chapters from the PDF text', async () => {
    const f = await analysePdf(pdf);
    expect(f.courseNumber).toBe('18.05');
    expect(f.title).toBe('Introduction to Probability and Statistics');
    expect(f.scheduleSource).toBe('labelled');
    expect(f.topics).toEqual(['Counting', 'Probability Basics', 'Conditional Probability']);
    expect(await analysePdf(pdf)).toEqual(f);
  });

  it('rejects garbage as page_unsupported and honours an aborted signal', async () => {
    const bad = await extractPdf(new TextEncoder().encode('not a pdf at all')).then(
      () => 'resolved',
      (e: unknown) => (isPipelineError(e) ? e.code : 'other'),
    );
    expect(bad).toBe('page_unsupported');
    const ctl = new AbortController();
    ctl.abort();
    const aborted = await extractPdf(pdf, ctl.signal).then(
      () => 'resolved',
      (e: unknown) => (isPipelineError(e) ? e.code : 'other'),
    );
    expect(aborted).toBe('aborted');
  });
});

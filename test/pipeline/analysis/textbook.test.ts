import { describe, expect, it } from 'vitest';
import { findTextbook, parseAuthors, parseCitation, parseMultilineCitation, parseHugoMarkdown, statesNoTextbook } from '../../../src/pipeline/analysis';

const tb = (md: string): ReturnType<typeof findTextbook> => findTextbook(parseHugoMarkdown(md).blocks);

describe('parseCitation forms', () => {
  it('"Title by Author"', () => {
    expect(parseCitation('Introduction to Algorithms by Thomas H. Cormen, Charles E. Leiserson, Ronald L. Rivest, and Clifford Stein (3rd edition, MIT Press, 2009)')).toEqual({
      title: 'Introduction to Algorithms',
      authors: ['Thomas H. Cormen', 'Charles E. Leiserson', 'Ronald L. Rivest', 'Clifford Stein'],
      edition: '3rd edition',
      publisher: 'MIT Press',
      year: 2009,
      isbn: null,
    });
    expect(parseCitation('Composing Programs by John DeNero')?.authors).toEqual(['John DeNero']);
  });

  it('"Title, Author"', () => {
    const t = parseCitation('Calculus: Early Transcendentals, James Stewart, Cengage Learning, 2015');
    expect(t?.title).toBe('Calculus: Early Transcendentals');
    expect(t?.authors).toEqual(['James Stewart']);
    expect(t?.publisher).toBe('Cengage Learning');
    expect(t?.year).toBe(2015);
  });

  it('"Author. Title. Publisher, year" (Chicago/APA without emphasis)', () => {
    expect(parseCitation("Downey, Allen B. Think Python: How to Think Like a Computer Scientist. 2nd ed. O'Reilly Media, 2015.")).toEqual({
      title: 'Think Python: How to Think Like a Computer Scientist',
      authors: ['Allen B. Downey'],
      edition: '2nd ed.',
      publisher: "O'Reilly Media",
      year: 2015,
      isbn: null,
    });
    const apa = parseCitation('Smith, J., Jones, K. Statistics for People. Acme Press, 2001.');
    expect(apa?.authors).toEqual(['J. Smith', 'K. Jones']);
    expect(apa?.title).toBe('Statistics for People');
  });

  it('"Author, *Title*, 2nd ed., Publisher 2016, ISBN …" with an ISBN-10 normalised to ISBN-13', () => {
    expect(parseCitation('Strang, Gilbert, *Introduction to Linear Algebra*, 5th ed., Wellesley-Cambridge Press 2016, ISBN 0-9802327-7-5')).toEqual({
      title: 'Introduction to Linear Algebra',
      authors: ['Gilbert Strang'],
      edition: '5th ed.',
      publisher: 'Wellesley-Cambridge Press',
      year: 2016,
      isbn: '9780980232776',
    });
  });

  it('OCW citations with lead-in text, images and trailing prose', () => {
    const g = parseCitation(
      'The textbook is [![Buy at MIT Press](/images/mp_logo.gif)](https://mitpress.mit.edu/9780262529624) Guttag, John. *Introduction to Computation and Programming Using Python: With Application to Understanding Data Second Edition*. MIT Press, 2016. ISBN: 9780262529624. The book and the course lectures parallel each other, though there is more detail in the book about some topics.',
    );
    expect(g?.title).toBe('Introduction to Computation and Programming Using Python: With Application to Understanding Data');
    expect(g?.edition).toBe('Second Edition');
    expect(g?.authors).toEqual(['John Guttag']);
    const a = parseCitation(
      'Ang, Alfredo H-S., and Wilson H. Tang. _Probability Concepts in Engineering: Emphasis on Applications to Civil and Environmental Engineering_. 2nd ed. New York, NY: John Wiley & Sons, 2006. ISBN: 9780471720645.',
    );
    expect(a?.authors).toEqual(['Alfredo H-S. Ang', 'Wilson H. Tang']);
    expect(a?.publisher).toBe('John Wiley & Sons');
  });

  it('a wrong ISBN check digit gives isbn null but keeps the book', () => {
    const t = parseCitation('*Probability and Statistics* by Morris H. DeGroot, ISBN 9780321500466');
    expect(t?.title).toBe('Probability and Statistics');
    expect(t?.isbn).toBeNull();
  });

  it('multi-line: title on one line, authors on the next', () => {
    expect(
      parseMultilineCitation(['Introduction to Probability', 'Dimitri P. Bertsekas and John N. Tsitsiklis', 'Athena Scientific, 2nd edition, 2008', 'ISBN 978-1-886529-23-6']),
    ).toEqual({
      title: 'Introduction to Probability',
      authors: ['Dimitri P. Bertsekas', 'John N. Tsitsiklis'],
      edition: '2nd edition',
      publisher: 'Athena Scientific',
      year: 2008,
      isbn: '9781886529236',
    });
    expect(parseMultilineCitation(['Linear Algebra Done Right', 'by Sheldon Axler'])?.authors).toEqual(['Sheldon Axler']);
  });

  it('negative cases: prose, no-textbook statements, sentences with "by"', () => {
    expect(parseCitation('There will be no assigned textbook for the class. Readings will be assigned.')).toBeNull();
    expect(parseCitation('Readings will be provided by the instructor.')).toBeNull();
    expect(parseCitation('Lecture notes, problem sets, and readings will be posted on the course website.')).toBeNull();
    expect(parseCitation('Grades will be roughly computed as follows:')).toBeNull();
    expect(parseCitation('Problem sets are due by Friday at 5pm.')).toBeNull();
    expect(parseCitation('')).toBeNull();
  });

  it('never takes a whole paragraph as the title', () => {
    const para =
      'Students are expected to read the assigned chapters before each lecture and to come prepared with questions about the material, since much of the class time will be spent on problem solving in small groups with the teaching assistants, ISBN 9780262529624';
    const t = parseCitation(para);
    expect(t === null || t.title.split(' ').length <= 25).toBe(true);
    expect(t?.title ?? '').not.toBe(para);
  });
});

describe('parseAuthors', () => {
  it('reads inverted, natural and surname-only lists', () => {
    expect(parseAuthors('Guttag, John.')).toEqual(['John Guttag']);
    expect(parseAuthors('Ang, Alfredo H-S., and Wilson H. Tang')).toEqual(['Alfredo H-S. Ang', 'Wilson H. Tang']);
    expect(parseAuthors('Cormen, Leiserson, and Rivest')).toEqual(['Cormen', 'Leiserson', 'Rivest']);
    expect(parseAuthors('Ludwig van Beethoven & Clara Schumann')).toEqual(['Ludwig van Beethoven', 'Clara Schumann']);
    expect(parseAuthors('Sheldon Axler et al.')).toEqual(['Sheldon Axler']);
  });
  it('rejects things that are not names', () => {
    expect(parseAuthors('the instructor')).toBeNull();
    expect(parseAuthors('MIT Press')).toBeNull();
    expect(parseAuthors('Introduction to Probability')).toBeNull();
  });
});

describe('findTextbook in documents', () => {
  it('detects "no assigned textbook" (18.05) as none', () => {
    const r = tb('## Textbook\n\nThere will be no assigned textbook for the class. Readings will be assigned.\n');
    expect(r).toEqual({ textbook: null, none: true });
    expect(statesNoTextbook('Textbook: none')).toBe(true);
    expect(statesNoTextbook('A textbook is not required.')).toBe(true);
    expect(statesNoTextbook('The textbook is required.')).toBe(false);
  });

  it('reads sections named Required Texts, Course Materials, Readings', () => {
    expect(tb('## Required Texts\n\nThink Python by Allen B. Downey\n').textbook?.title).toBe('Think Python');
    expect(tb('## Course Materials\n\n- Linear Algebra and Its Applications, David C. Lay\n').textbook?.authors).toEqual(['David C. Lay']);
    expect(tb('Readings\n--------\n\nKleinberg, Jon, and Éva Tardos. *Algorithm Design*. Pearson, 2005.\n').textbook?.authors).toEqual(['Jon Kleinberg', 'Éva Tardos']);
  });

  it('reads an inline "Textbook:" label anywhere, and an ISBN paragraph as a last resort', () => {
    expect(tb('Welcome!\n\nTextbook: *How to Prove It* by Daniel J. Velleman, 3rd ed.\n').textbook).toMatchObject({ title: 'How to Prove It', authors: ['Daniel J. Velleman'], edition: '3rd ed.' });
    expect(tb('## Info\n\nWe follow Axler, Sheldon. *Linear Algebra Done Right*. Springer, 2015. ISBN: 9783319110790.\n').textbook?.isbn).toBe('9783319110790');
  });

  it('finds nothing in a syllabus without a textbook', () => {
    expect(tb('## Grading\n\nHomework 50%, exams 50%.\n\n## Schedule\n\nWeek 1: Sets by example\n')).toEqual({ textbook: null, none: false });
  });
});

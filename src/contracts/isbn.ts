/** ISBN helpers shared by the API edge, the pipeline and the web form. */

const strip = (raw: string): string => raw.replace(/[\s-]/g, '').toUpperCase();

export function isValidIsbn10(digits: string): boolean {
  if (!/^\d{9}[\dX]$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = digits[i] as string;
    sum += (ch === 'X' ? 10 : Number(ch)) * (10 - i);
  }
  return sum % 11 === 0;
}

export function isValidIsbn13(digits: string): boolean {
  if (!/^97[89]\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}

/** Returns the ISBN-13 form of a valid ISBN-10 or ISBN-13, or null when the checksum or shape is wrong. */
export function normalizeIsbn(raw: string): string | null {
  const d = strip(raw);
  if (d.length === 13) return isValidIsbn13(d) ? d : null;
  if (d.length === 10 && isValidIsbn10(d)) {
    const core = `978${d.slice(0, 9)}`;
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += Number(core[i]) * (i % 2 === 0 ? 1 : 3);
    return `${core}${(10 - (sum % 10)) % 10}`;
  }
  return null;
}

/** Why an ISBN is rejected, in words a student can act on; null when it is fine. */
export function isbnProblem(raw: string): string | null {
  const d = strip(raw);
  if (!/^[\dX]+$/.test(d)) return 'an ISBN holds only digits (and X as the last ISBN-10 digit), hyphens and spaces';
  if (d.length !== 10 && d.length !== 13) return `an ISBN has 10 or 13 digits; this one has ${d.length}`;
  if (normalizeIsbn(d) === null) return 'the check digit does not match; please re-type the ISBN from the book';
  return null;
}

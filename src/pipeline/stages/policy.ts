/**
 * Validation policy in code: which hosts and paths we never recommend, and how much we trust the rest.
 * Host rules match the host or a sub-domain of it, never a substring.
 */

export const hostOf = (url: string): string => {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
};

export const hostMatches = (host: string, rule: string): boolean => host === rule || host.endsWith(`.${rule}`);

/** Homework-answer and note-sharing sites. */
const ANSWER_SITES = ['chegg.com', 'coursehero.com', 'studocu.com', 'quizlet.com', 'brainly.com', 'bartleby.com', 'slader.com', 'numerade.com', 'oneclass.com', 'studyblue.com', 'docsity.com', 'studylib.net', 'scribd.com', 'gradesaver.com', 'transtutors.com', 'homeworklib.com', 'studypool.com'];

/** Login-only or paid platforms. */
const PAID_SITES = ['udemy.com', 'pluralsight.com', 'skillshare.com', 'linkedin.com', 'lynda.com', 'masterclass.com', 'oreilly.com', 'packtpub.com', 'amazon.com', 'audible.com', 'ebay.com', 'educative.io', 'datacamp.com', 'brilliant.org', 'study.com', 'wiley.com', 'pearson.com', 'mheducation.com', 'cengage.com'];

const PREMIUM_PATH = /\/(premium|paid|pricing|checkout|cart|buy|subscribe|subscription|purchase|login|signin|sign-in|signup|register)(\/|$|\?)/i;

export type PolicyVerdict = { ok: true } | { ok: false; reason: string };

export function checkHostPolicy(url: string, excluded: readonly string[]): PolicyVerdict {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: 'malformed URL' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, reason: 'not an http(s) link' };
  const host = hostOf(url);
  const ex = excluded.find((r) => hostMatches(host, r));
  if (ex) return { ok: false, reason: `excluded by you (${ex})` };
  const ans = ANSWER_SITES.find((r) => hostMatches(host, r));
  if (ans) return { ok: false, reason: `homework-answer or note-sharing site (${ans})` };
  const paid = PAID_SITES.find((r) => hostMatches(host, r));
  if (paid) return { ok: false, reason: `paid or login-only platform (${paid})` };
  if (PREMIUM_PATH.test(u.pathname)) return { ok: false, reason: 'premium or login page' };
  return { ok: true };
}

/** Hosts of established open-education publishers and universities. */
const TRUSTED = ['openstax.org', 'ocw.mit.edu', 'mit.edu', 'libretexts.org', 'khanacademy.org', 'open.umn.edu', 'oercommons.org', 'openlearn.open.ac.uk', 'open.edu', 'oyc.yale.edu', 'nptel.ac.in', 'saylor.org', 'openintro.org', 'greenteapress.com', 'plato.stanford.edu', 'iep.utm.edu', 'gutenberg.org', 'wikibooks.org', 'ncbi.nlm.nih.gov', 'nih.gov', 'nist.gov', 'cdc.gov', 'who.int', 'stanford.edu', 'harvard.edu', 'berkeley.edu', 'cmu.edu', 'yale.edu', 'princeton.edu', 'ox.ac.uk', 'cam.ac.uk', 'pressbooks.pub', 'opentextbc.ca', 'activecalculus.org', 'tutorial.math.lamar.edu', 'hyperphysics.phy-astr.gsu.edu', 'cs50.harvard.edu', 'freecodecamp.org', 'docs.python.org', 'apcentral.collegeboard.org', 'britannica.com', 'phet.colorado.edu', 'coursera.org', 'edx.org'];

/** 0–1 trust in the host: open-education publishers and universities first. */
export function hostCredibility(url: string): number {
  const host = hostOf(url);
  if (TRUSTED.some((r) => hostMatches(host, r))) return 1;
  if (/\.(edu|gov|ac\.[a-z]{2}|edu\.[a-z]{2})$/.test(host)) return 0.95;
  if (hostMatches(host, 'youtube.com') || host === 'youtu.be') return 0.8;
  if (hostMatches(host, 'archive.org')) return 0.55;
  if (hostMatches(host, 'github.com') || hostMatches(host, 'github.io')) return 0.65;
  return 0.7;
}

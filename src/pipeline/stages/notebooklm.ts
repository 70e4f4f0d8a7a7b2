import type { NotebookLmFormat } from '../../contracts/vocabulary';
import { hostMatches, hostOf } from './policy';

const UNSUPPORTED_FILE = /\.(zip|rar|7z|tar|gz|epub|mobi|azw3?|djvu|ps|chm|mp4|mkv|avi|mp3|wav|ipynb|tex)$/i;

/** How NotebookLM can take the resource as a source: a YouTube video, a PDF, a web page, or not at all. */
export function notebookLmFormat(url: string): NotebookLmFormat {
  let path = '';
  try {
    path = new URL(url).pathname;
  } catch {
    return 'not_compatible';
  }
  const host = hostOf(url);
  if (hostMatches(host, 'youtube.com') || host === 'youtu.be') return 'youtube';
  if (/\.pdf$/i.test(path)) return 'pdf';
  if (UNSUPPORTED_FILE.test(path)) return 'not_compatible';
  return 'webpage';
}

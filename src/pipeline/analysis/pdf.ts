/** Text and outline (bookmark titles) of a PDF, with unpdf. No scripts run: PDF.js is used with eval off. */
import { extractText, getDocumentProxy } from 'unpdf';
import { PipelineError } from '../errors';
import { chaptersFromOutline } from './schedule';
import { analyseSyllabusText } from './syllabus-text';
import type { TextFacts } from './syllabus-text';

export interface PdfContent {
  /** Text of all pages, pages separated by a line break. */
  text: string;
  /** Outline (bookmark) titles, depth-first in document order. */
  outline: string[];
  pages: number;
}

interface OutlineNode {
  title: string;
  items: OutlineNode[];
}

const MAX_OUTLINE = 500;

function flattenOutline(nodes: readonly OutlineNode[], out: string[], depth: number): void {
  for (const n of nodes) {
    if (out.length >= MAX_OUTLINE) return;
    const t = n.title.replace(/\s+/g, ' ').trim();
    if (t !== '') out.push(t);
    if (depth < 4 && Array.isArray(n.items)) flattenOutline(n.items, out, depth + 1);
  }
}

function abortError(): PipelineError {
  return new PipelineError('aborted', 'The request was cancelled.');
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return p;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Extracts the text and outline of a PDF. A PDF that cannot be parsed gives `page_unsupported`; an abort gives
 * `aborted`. The input bytes are copied, so the caller's buffer is left intact.
 */
export async function extractPdf(bytes: Uint8Array, signal?: AbortSignal): Promise<PdfContent> {
  if (signal?.aborted === true) throw abortError();
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    doc = await raceAbort(getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false }), signal);
  } catch (e) {
    if (e instanceof PipelineError) throw e;
    throw new PipelineError('page_unsupported', 'The PDF could not be read.', { cause: e });
  }
  try {
    const { text, totalPages } = await raceAbort(extractText(doc, { mergePages: false }), signal);
    const outlineNodes = (await raceAbort(doc.getOutline(), signal)) as OutlineNode[] | null;
    const outline: string[] = [];
    if (outlineNodes !== null) flattenOutline(outlineNodes, outline, 0);
    return { text: text.join('\n'), outline, pages: totalPages };
  } catch (e) {
    if (e instanceof PipelineError) throw e;
    throw new PipelineError('page_unsupported', 'The PDF text could not be extracted.', { cause: e });
  } finally {
    void doc.destroy().catch(() => undefined);
  }
}

/**
 * Course facts from a PDF syllabus: its text is read like pasted syllabus text; when the text itself gives no
 * table or labelled schedule, the outline titles give the chapters.
 */
export async function analysePdf(bytes: Uint8Array, signal?: AbortSignal): Promise<TextFacts & { outline: string[]; pages: number }> {
  const pdf = await extractPdf(bytes, signal);
  const facts = analyseSyllabusText(pdf.text);
  const fromOutline = chaptersFromOutline(pdf.outline);
  if (fromOutline.length >= 2 && facts.scheduleSource !== 'table' && facts.scheduleSource !== 'labelled') {
    return {
      ...facts,
      topics: fromOutline,
      chapters: fromOutline.map((title) => ({ title, topics: [] })),
      groups: [],
      scheduleSource: 'outline',
      outline: pdf.outline,
      pages: pdf.pages,
    };
  }
  return { ...facts, outline: pdf.outline, pages: pdf.pages };
}

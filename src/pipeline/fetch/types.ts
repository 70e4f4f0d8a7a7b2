/** What every fetch of a user-influenced URL returns. */
export interface FetchedPage {
  /** The URL after redirects. */
  url: string;
  status: number;
  /** The media type without parameters, lowercased, e.g. `text/html`. */
  contentType: string;
  body: Buffer;
}

export interface FetchOptions {
  signal: AbortSignal;
  /** Media types accepted; default: HTML, plain text, markdown, PDF. */
  accept?: readonly string[];
}

/** The one guarded way to fetch a page. */
export type PageFetcher = (url: string, opts: FetchOptions) => Promise<FetchedPage>;

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API lives, for a standalone static build (e.g. https://api.example.org); empty: same origin. */
  readonly VITE_API_BASE_URL?: string;
  /** The client-side time limit of a search, in seconds (default 600). */
  readonly VITE_JOB_TIME_LIMIT_SECONDS?: string;
}

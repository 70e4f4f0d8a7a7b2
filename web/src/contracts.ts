// The API's own zod schemas and helpers, shared as they are (never copied): the form validates with the
// same rules as POST /api/submit, and responses are read with the same types the server writes.
export {
  CancelResponse,
  DesiredResourceType,
  ErrorBody,
  LIMITS,
  ResourceType,
  SEARCH_FIELDS,
  StatusResponse,
  SubmitRequest,
  SubmitResponse,
  UPLOAD_MAX_BYTES,
  httpUrl,
  isTerminal,
  isbnProblem,
} from '../../src/contracts';
export type {
  JobStatus,
  LicenseId,
  NotebookLmFormat,
  Resource,
  Stage,
  SubmitRequestInput,
  TextbookInfo,
} from '../../src/contracts';

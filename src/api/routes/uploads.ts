import { createHash, randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { LIMITS, UPLOAD_MAX_BYTES } from '../../contracts/submit';
import { extractPdf } from '../../pipeline/analysis';
import { isPipelineError } from '../../pipeline/errors';
import type { ApiDeps } from '../deps';
import { ErrorBody } from '../../contracts/status';
import { ApiError } from '../errors';
import { openApiSchema } from '../openapi';
import { enforceRateLimit } from '../guards';

export const MAX_PDF_BYTES = UPLOAD_MAX_BYTES;
const err = openApiSchema(ErrorBody, 'output');
const PDF_MAGIC = Buffer.from('%PDF-');

/** Decides the type by the bytes themselves, never by the file name or the declared type. */
function sniff(bytes: Buffer): 'application/pdf' | 'text/plain' | null {
  if (bytes.subarray(0, 1024).includes(PDF_MAGIC) && bytes.indexOf(PDF_MAGIC) < 1024) return 'application/pdf';
  if (bytes.includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'text/plain';
  } catch {
    return null;
  }
}

/** POST /api/uploads: a PDF (up to 20 MB) or a text syllabus (up to 50,000 characters), kept as text for 24 h. */
export async function uploadRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_PDF_BYTES, files: 1, fields: 5, fieldSize: 1024 } });
  app.post(
    '/api/uploads',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Upload a syllabus or book (PDF up to 20 MB, or text up to 50,000 characters) as multipart field "file"',
        consumes: ['multipart/form-data'],
        response: {
          201: {
            type: 'object',
            properties: {
              upload_id: { type: 'string', format: 'uuid' },
              media_type: { type: 'string', enum: ['application/pdf', 'text/plain'] },
              bytes: { type: 'integer' },
              characters: { type: 'integer' },
              outline_entries: { type: 'integer', description: "entries in a PDF's outline (bookmarks); 0 for text" },
            },
            required: ['upload_id', 'media_type', 'bytes', 'characters', 'outline_entries'],
          },
          400: err,
          413: err,
          415: err,
          422: err,
          429: err,
          503: err,
        },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new ApiError(415, 'unsupported_media_type', 'Send the file as multipart/form-data in a field named "file".');
      await enforceRateLimit(deps, req, 'uploads');
      const file = await req.file().catch((e: unknown) => {
        // A multipart body the parser cannot read (no boundary, broken framing) is the client's to fix.
        req.log.info({ err: e }, 'unreadable multipart body');
        throw new ApiError(400, 'bad_multipart', 'The multipart body could not be read (is the boundary missing?). Send the file as multipart/form-data in a field named "file".');
      });
      if (!file || file.fieldname !== 'file') {
        throw new ApiError(422, 'validation_error', 'No file was sent in the field named "file". Add it there.', [{ field: 'file', problem: 'is required' }]);
      }
      const bytes = await file.toBuffer().catch((e: unknown) => {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new ApiError(413, 'file_too_large', 'The file is larger than 20 MB. Upload a smaller PDF or paste the syllabus text.');
        // The body ended inside the file part (a cut-off upload, a wrong Content-Length): nothing was stored.
        req.log.info({ err: e }, 'multipart body ended inside the file');
        throw new ApiError(400, 'bad_multipart', 'The upload ended before the whole file arrived. Send the file again as multipart/form-data in a field named "file".');
      });
      if (bytes.length === 0) throw new ApiError(422, 'validation_error', 'The file is empty.', [{ field: 'file', problem: 'is empty' }]);
      const type = sniff(bytes);
      if (!type) throw new ApiError(415, 'unsupported_file_type', 'Only PDF files and plain-text syllabi are accepted. Save the document as PDF or paste its text.');
      let text: string;
      let outline: string[] = [];
      if (type === 'application/pdf') {
        try {
          const pdf = await extractPdf(new Uint8Array(bytes), AbortSignal.timeout(30_000));
          text = pdf.text.slice(0, 2_000_000);
          outline = pdf.outline.slice(0, 500);
        } catch (e) {
          if (isPipelineError(e)) throw new ApiError(422, 'unreadable_pdf', 'This PDF could not be read (it may be scanned images or damaged). Paste the syllabus text instead.');
          throw e;
        }
        if (text.trim().length < 20 && outline.length === 0) {
          throw new ApiError(422, 'unreadable_pdf', 'This PDF holds no text we can read (it may be scanned images). Paste the syllabus text instead.');
        }
      } else {
        text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
        if (text.length > LIMITS.syllabus) {
          throw new ApiError(413, 'text_too_long', `A text syllabus may hold ${LIMITS.syllabus.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}. Shorten it or upload a PDF.`);
        }
      }
      const id = randomUUID();
      await deps.store.uploads.insert(
        { id, sha256: createHash('sha256').update(bytes).digest('hex'), media_type: type, bytes: bytes.length, file_name: file.filename.slice(0, 200) || null, text, outline },
        deps.config.UPLOAD_TTL_HOURS,
      );
      return reply.code(201).send({ upload_id: id, media_type: type, bytes: bytes.length, characters: text.length, outline_entries: outline.length });
    },
  );
}

import { z } from 'zod';

type Json = Record<string, unknown>;

/** The OpenAPI (3.0) JSON schema of a zod schema, inlined, as the route validates it. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const out = z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as Json;
  const ref = out.$ref;
  const defs = out.definitions as Record<string, Json> | undefined;
  if (typeof ref === 'string' && defs) {
    const name = ref.split('/').pop() ?? '';
    const { definitions: _d, $ref: _r, ...rest } = out;
    return { ...rest, ...(defs[name] ?? {}) };
  }
  return out;
}

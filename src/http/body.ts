import { fail, ok, type Result } from '../shared/result';

export type FormBody = Record<string, string | string[]>;
export type BodyError = 'too_large' | 'unsupported_type' | 'malformed';

/**
 * What we read from a request: a web `Request` (Astro) or a thin view of Node's
 * IncomingMessage (the hot path), which skips building web streams for every beacon.
 */
export type IncomingRequest = {
  url: string;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
};

async function* chunksOf(body: NonNullable<IncomingRequest['body']>): AsyncGenerator<Uint8Array> {
  if (!('getReader' in body)) return yield* body;
  const reader = body.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}

/** Reads at most `limit` bytes of a body; a longer one is refused without buffering it all. */
export async function readBodyBytes(
  request: IncomingRequest,
  limit: number,
): Promise<Result<Buffer, BodyError>> {
  const tooLarge = () =>
    fail('too_large', `The request is larger than ${Math.round(limit / 1024)} KB.`);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return tooLarge();
  if (!request.body) return ok(Buffer.alloc(0));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunksOf(request.body)) {
    size += chunk.byteLength;
    if (size > limit) return tooLarge();
    chunks.push(chunk);
  }
  return ok(Buffer.concat(chunks));
}

/** The same, as UTF-8 text (refused when it is not). */
export async function readBodyText(
  request: IncomingRequest,
  limit: number,
): Promise<Result<string, BodyError>> {
  const bytes = await readBodyBytes(request, limit);
  if (!bytes.ok) return bytes;
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes.value));
  } catch {
    return fail('malformed', 'The request is not valid UTF-8 text.');
  }
}

/** Parses an urlencoded form body; repeated names (checkbox groups) become arrays. */
export async function readFormBody(
  request: IncomingRequest,
  limit = 64 * 1024,
): Promise<Result<FormBody, BodyError>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    return fail('unsupported_type', 'Send the form as application/x-www-form-urlencoded.');
  const text = await readBodyText(request, limit);
  if (!text.ok) return text;
  const out: FormBody = {};
  for (const [key, value] of new URLSearchParams(text.value)) {
    if (key.length > 100) continue;
    const prev = out[key];
    out[key] =
      prev === undefined
        ? value
        : Array.isArray(prev)
          ? [...prev, value].slice(0, 50)
          : [prev, value];
  }
  return ok(out);
}

/** Parses a JSON body; the caller validates its shape with Zod. */
export async function readJsonBody(
  request: IncomingRequest,
  limit = 256 * 1024,
): Promise<Result<unknown, BodyError>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/plain')
    return fail('unsupported_type', 'Send JSON (application/json).');
  const text = await readBodyText(request, limit);
  if (!text.ok) return text;
  try {
    return ok(JSON.parse(text.value) as unknown);
  } catch {
    return fail('malformed', 'The body is not valid JSON.');
  }
}

export const BODY_ERROR_STATUS: Record<BodyError, number> = {
  too_large: 413,
  unsupported_type: 415,
  malformed: 400,
};

/** A single string field of a form body ('' when missing or repeated). */
export const field = (body: FormBody, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : '';
};

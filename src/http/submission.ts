import { submissionVariant, variantAsk } from './variant-choice';
import type { Services } from '../app/services';
import type { FormDefinition } from '../domain/forms/definition';
import type { RawAnswers } from '../domain/forms/answers';
import { formBlocks } from '../domain/landing-pages/document';
import type { PublishedPage } from '../domain/landing-pages/live-pages';
import { submitForm, type Submitted } from '../domain/leads/submit';
import {
  BODY_ERROR_STATUS,
  field,
  readFormBody,
  type FormBody,
  type IncomingRequest,
} from './body';
import { clientIp, hashIp } from './caller-address';
import { requestOrigin } from './request-origin';
import { readArrival } from '../domain/leads/arrival';

/** A tracker-made id (a browser's or a visit's), or null when absent or malformed. */
const trackerIdOf = (value: string): string | null =>
  /^[A-Za-z0-9_-]{8,40}$/.test(value) ? value : null;

export type SubmissionOutcome =
  | { kind: 'done'; submitted: Submitted; next: string }
  | {
      kind: 'rejected';
      status: number;
      blockId: string;
      message: string;
      errors: Record<string, string>;
      values: RawAnswers;
      retryAfterMs?: number;
    };

/** Answers as the visitor sent them, without our own `_` fields. */
const visitorValues = (body: FormBody): RawAnswers =>
  Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('_')));

/**
 * Hidden fields fed by the query string (utm_source…): the form script fills them; without
 * JavaScript, the page's address still arrives as the Referer of the same-origin POST.
 */
function fillHiddenFromReferer(
  form: FormDefinition,
  raw: RawAnswers,
  referer: string | null,
): RawAnswers {
  const params = (() => {
    try {
      return referer ? new URL(referer).searchParams : null;
    } catch {
      return null;
    }
  })();
  if (!params) return raw;
  const filled = { ...raw };
  for (const f of form.fields)
    if (f.type === 'hidden' && f.param && !filled[f.name])
      filled[f.name] = params.get(f.param) ?? '';
  return filled;
}

const elapsed = (body: FormBody): number | null => {
  const ms = Number(field(body, '_elapsed'));
  return field(body, '_elapsed') !== '' && Number.isFinite(ms) && ms >= 0
    ? Math.min(Math.round(ms), 86_400_000)
    : null;
};

/** Receives a form POST to a published page: limits, parses, stores, and says what next. */
export async function receiveSubmission(
  from: { request: IncomingRequest; clientAddress: string; services: Services },
  live: PublishedPage,
): Promise<SubmissionOutcome> {
  const { config, db, limits, clock } = from.services;
  const { request } = from;
  // On a page under test, the form posted is the variant's the visitor was shown.
  const { page, variant } = submissionVariant(
    live,
    variantAsk((name) => request.headers.get(name), clock.now()),
  );
  const firstForm = formBlocks(page.document)[0]?.id ?? '';
  const reject = (
    status: number,
    message: string,
    extra: Partial<Extract<SubmissionOutcome, { kind: 'rejected' }>> = {},
  ) =>
    ({
      kind: 'rejected',
      status,
      blockId: firstForm,
      message,
      errors: {},
      values: {},
      ...extra,
    }) as const;

  // Known after the first request: no await on the hot path from then on.
  const salt = from.services.ipSalt.get();
  const ipHash = hashIp(
    clientIp(request, from.clientAddress, config.TRUST_PROXY),
    typeof salt === 'string' ? salt : await salt,
  );
  const now = clock.now();
  // Counted by every instance together (shared-limiter.ts).
  const wait = Math.max(
    await limits.submitPerIp.hit(db, ipHash, now),
    await limits.submitPerPage.hit(db, page.pageId, now),
  );
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return reject(
      429,
      `Too many submissions from your network. Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      { retryAfterMs: wait },
    );
  }

  const body = await readFormBody(request, 64 * 1024);
  if (!body.ok) return reject(BODY_ERROR_STATUS[body.code], body.message);
  const blockId = field(body.value, '_form');
  const block = formBlocks(page.document).find((b) => b.id === blockId);
  const values = visitorValues(body.value);
  const key = field(body.value, '_key');
  const result = await submitForm(db, {
    page,
    formBlockId: blockId,
    raw:
      block?.type === 'form'
        ? fillHiddenFromReferer(block.props.form, values, request.headers.get('referer'))
        : values,
    idempotencyKey: /^[A-Za-z0-9_-]{16,64}$/.test(key) ? key : null,
    visitorPublicId: trackerIdOf(field(body.value, '_vid')),
    visitPublicId: trackerIdOf(field(body.value, '_sid')),
    arrival: readArrival(
      { landing: field(body.value, '_landing'), referrer: field(body.value, '_referrer') },
      request.headers.get('referer'),
      requestOrigin(request, config.TRUST_PROXY),
    ),
    signals: {
      honeypot: field(body.value, '_website'),
      elapsedMs: elapsed(body.value),
      userAgent: request.headers.get('user-agent'),
    },
    ipHash,
    now,
    variant,
    model: await from.services.scoringModels.get(page.workspaceId, now),
  });
  if (!result.ok) {
    const invalid = result.code === 'invalid_answers';
    return reject(invalid ? 422 : 400, result.message, {
      blockId: invalid ? blockId : firstForm,
      errors: result.fields ?? {},
      values,
    });
  }
  const next = result.value.redirectUrl ?? `/p/${page.slug}/thanks?s=${result.value.submissionId}`;
  return { kind: 'done', submitted: result.value, next };
}

/** The answer for the form script (fetch with Accept: application/json). */
export function submissionJson(outcome: SubmissionOutcome): Response {
  if (outcome.kind === 'done')
    return Response.json({
      ok: true,
      message: outcome.submitted.message,
      download: outcome.submitted.download,
      next: outcome.next,
      redirect: outcome.submitted.redirectUrl !== null,
    });
  const headers: Record<string, string> = outcome.retryAfterMs
    ? { 'retry-after': String(Math.ceil(outcome.retryAfterMs / 1000)) }
    : {};
  return Response.json(
    {
      error: {
        code:
          outcome.status === 422
            ? 'invalid_answers'
            : outcome.status === 429
              ? 'too_many_requests'
              : 'bad_request',
        message: outcome.message,
        fields: outcome.errors,
      },
    },
    { status: outcome.status, headers },
  );
}

import { createHash, randomBytes } from 'node:crypto';
import { setBounded } from '../../shared/bounded-map';
import { pickByShares } from './statistics';

/** The cookie that remembers which variant of a tested page a visitor was shown. */
export const ASSIGNMENT_COOKIE = 'kd_ab';
/** How long an assignment is remembered: longer than any test window (at most 60 days). */
export const ASSIGNMENT_MAX_AGE_S = 90 * 86_400;

const ID = /^[0-9a-f-]{36}$/;
const ASSIGNMENT = /^[A-Za-z0-9_-]{22}$/;

/* Random bytes drawn 4 KiB at a time: one system call for 256 new visitors. */
let pool = Buffer.alloc(0);
let taken = 0;

/** A new visitor's random id: 128 bits, URL-safe, the only thing the cookie says of them. */
export function newAssignmentId(): string {
  if (taken + 16 > pool.length) {
    pool = randomBytes(4096);
    taken = 0;
  }
  taken += 16;
  return pool.toString('base64url', taken - 16, taken);
}

/** The cookie's value: the experiment it belongs to and the visitor's random id. */
export const assignmentCookieValue = (experimentId: string, assignmentId: string): string =>
  `${experimentId}.${assignmentId}`;

/**
 * The visitor's assignment id for this experiment, or null when the cookie is missing,
 * malformed, or belongs to another (an ended, a foreign) experiment: such a visitor is
 * assigned afresh, never refused.
 */
export function assignmentFromCookie(
  cookieHeader: string | null | undefined,
  experimentId: string,
): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== ASSIGNMENT_COOKIE) continue;
    const [experiment, assignment, extra] = part
      .slice(eq + 1)
      .trim()
      .split('.');
    if (
      extra === undefined &&
      experiment === experimentId &&
      ID.test(experiment) &&
      assignment &&
      ASSIGNMENT.test(assignment)
    )
      return assignment;
  }
  return null;
}

/**
 * The variant an assignment id falls to, in proportion to the shares: a hash of the
 * experiment and the id read as a uniform number. Deterministic, so a returning visitor
 * keeps their variant on every instance without anything stored, and an id a visitor makes
 * up is just another draw.
 */
export function variantIndexFor(
  experimentId: string,
  assignmentId: string,
  shares: number[],
  /** A returning visitor's draw is remembered: their next view costs a lookup, not a hash. */
  returning = false,
) {
  const key = `${experimentId}:${assignmentId}`;
  let u = draws.get(key);
  if (u === undefined) {
    u = createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
    if (returning) setBounded(draws, key, u, 20_000);
  }
  return pickByShares(shares, u);
}
/** Each assignment's uniform draw: a pure function of its key, so any copy of it is right. */
const draws = new Map<string, number>();

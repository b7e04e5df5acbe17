import type { Answers } from '../forms/answers';
import type { FormDefinition } from '../forms/definition';
import { arrivalSource, type Arrival } from './arrival';

/**
 * Where a lead came from, for the inbox: the first source the tracker saw for their browser,
 * else the utm_source a hidden field of the form captured, else how the submission says the
 * visitor arrived (utm_source of the landing address, the sending site, or "direct"). A
 * visitor who submits before the tracker's first flush is then still attributed.
 */
export function leadSource(
  visitorFirstSource: string | null,
  form: FormDefinition,
  answers: Answers,
  arrival: Arrival = { landing: null, referrer: null },
): string {
  if (visitorFirstSource) return visitorFirstSource;
  const field = form.fields.find((f) => f.param === 'utm_source');
  const value = field ? answers[field.name] : undefined;
  return (typeof value === 'string' && value.trim().slice(0, 100)) || arrivalSource(arrival);
}

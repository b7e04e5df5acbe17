import type { Answers } from '../forms/answers';
import type { FormDefinition } from '../forms/definition';

/**
 * Where a lead came from, for the inbox: the first source the tracker saw for their browser,
 * else the utm_source a hidden field of the form captured, else "direct".
 */
export function leadSource(
  visitorFirstSource: string | null,
  form: FormDefinition,
  answers: Answers,
): string {
  if (visitorFirstSource) return visitorFirstSource;
  const field = form.fields.find((f) => f.param === 'utm_source');
  const value = field ? answers[field.name] : undefined;
  return (typeof value === 'string' && value.trim().slice(0, 100)) || 'direct';
}

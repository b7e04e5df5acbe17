/** Expected failures are values; unexpected ones throw. */
export type Failure<E extends string = string> = {
  ok: false;
  code: E;
  message: string;
  /** Field name → message, for forms that show errors next to fields. */
  fields?: Record<string, string>;
};
export type Result<T, E extends string = string> = { ok: true; value: T } | Failure<E>;

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = <E extends string>(
  code: E,
  message: string,
  fields?: Record<string, string>,
): Failure<E> => ({ ok: false, code, message, ...(fields ? { fields } : {}) });

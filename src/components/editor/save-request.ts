import type { Draft } from '../../domain/editor/editor-history';
import type { SaveOutcome } from './autosave';

/** Saves the draft through the page API; every answer becomes an outcome, never a throw. */
export async function saveDraftRequest(
  pageId: string,
  csrf: string,
  draft: Draft,
  revision: number,
): Promise<SaveOutcome> {
  let res: Response;
  try {
    res = await fetch(`/api/admin/pages/${pageId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({
        title: draft.title,
        slug: draft.slug,
        revision,
        document: draft.doc,
      }),
    });
  } catch {
    return { ok: false, kind: 'offline', message: 'offline', fields: {} };
  }
  const json = (await res.json().catch(() => ({}))) as {
    revision?: number;
    error?: { message?: string; fields?: Record<string, string> };
  };
  if (res.ok && typeof json.revision === 'number') return { ok: true, revision: json.revision };
  return {
    ok: false,
    kind: res.status === 409 ? 'conflict' : res.status === 422 ? 'invalid' : 'failed',
    message: json.error?.message ?? `the server answered ${res.status}.`,
    fields: json.error?.fields ?? {},
  };
}

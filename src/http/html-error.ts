const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * An error a person reads: admin forms post as HTML, so a refusal answers with a page that
 * says what happened and the way back, not a raw JSON body. The API keeps its JSON.
 */
export function htmlError(status: number, title: string, message: string): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} — Kindling</title><style>body{font:16px/1.5 system-ui,sans-serif;color:#1f2430;background:#f6f7fb;display:grid;place-items:center;min-height:100vh;margin:0;padding:24px;box-sizing:border-box}main{max-width:460px;background:#fff;border:1px solid #e3e6ef;border-radius:14px;padding:32px}h1{font-size:1.35rem;margin:0 0 8px}a{display:inline-block;margin-top:16px;padding:10px 18px;border-radius:10px;background:#4338ca;color:#fff;text-decoration:none;font-weight:600}</style></head><body><main><h1>${escape(title)}</h1><p>${escape(message)}</p><a href="/admin">Back to the dashboard</a></main></body></html>`;
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

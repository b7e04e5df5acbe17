import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

/** The parts of the server's OpenAPI document the checks below read. */
export type OpenApiDoc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
};

const ajv = new Ajv2020({ strict: false, allErrors: true });

/** The server's OpenAPI document, as it publishes it. */
export const fetchOpenApi = async (base: string): Promise<OpenApiDoc> =>
  (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as OpenApiDoc;

/** The answer's body, checked against the document's schema for that path, method and status. */
export async function conforming(
  doc: OpenApiDoc,
  res: Response,
  path: string,
  method: string,
): Promise<any> {
  const body = await res.json();
  const spec = doc.paths[path]![method]!.responses[String(res.status)];
  expect(spec, `${method} ${path} ${res.status} is documented`).toBeDefined();
  const schema = spec!.content!['application/json']!.schema;
  // Its references (#/components/schemas/…) resolve against the document's components.
  const validate = ajv.compile({ ...schema, components: doc.components });
  const ok = validate(body);
  expect(ok ? [] : validate.errors, `${method} ${path} ${res.status}`).toEqual([]);
  return body;
}

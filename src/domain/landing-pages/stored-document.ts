import type { PageDocument } from './document';
import { pageDocumentSchema } from './document';

/**
 * Documents in the database were valid when written; a failure here means the data was
 * damaged, which is not the visitor's fault, so it throws instead of answering 4xx.
 */
export function readStoredDocument(json: string): PageDocument {
  return pageDocumentSchema.parse(JSON.parse(json));
}

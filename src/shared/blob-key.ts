/** A blob's key: `folder/name`, letters, digits and `_.-` only, never a way out of its store. */
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

export function checkBlobKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`Not a blob key: ${key}`);
  return key;
}

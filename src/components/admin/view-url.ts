/**
 * A link to the same admin view with some query parameters changed: filters stay in the
 * URL (bookmarkable, shareable), and any change of view starts again from the first page.
 */
export function viewUrl(
  current: URL,
  changes: Record<string, string | null | undefined>,
  path = current.pathname,
): string {
  const params = new URLSearchParams(current.searchParams);
  // Where the list was and one-time notices do not carry over to another view.
  for (const once of ['after', 'erased']) params.delete(once);
  for (const [key, value] of Object.entries(changes))
    if (value === null || value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  for (const [key, value] of [...params]) if (value === '') params.delete(key);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

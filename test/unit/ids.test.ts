import { describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';

describe('ids', () => {
  it('are UUIDv7 and sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newId(1_750_000_000_000));
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newId(1_750_000_000_001) > ids.at(-1)!).toBe(true);
  });
});

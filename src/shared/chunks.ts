/** Rows written per statement, within both dialects' limits on bound values. */
export const ROWS_PER_INSERT = 2_000;
export const inChunks = <T>(rows: T[], size = ROWS_PER_INSERT): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) =>
    rows.slice(i * size, (i + 1) * size),
  );

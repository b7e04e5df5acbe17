import type { z } from 'zod';

/** One entry of the block library: its schema drives validation, editor and rendering. */
export type BlockDefinition<T extends string = string, P extends z.ZodType = z.ZodType> = {
  type: T;
  label: string;
  description: string;
  props: P;
  /** Props a freshly added block starts with; must parse with `props`. */
  defaults: z.input<P>;
};

export const defineBlock = <T extends string, P extends z.ZodType>(def: BlockDefinition<T, P>) =>
  def;

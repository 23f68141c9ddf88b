import type { z } from 'zod';
import { badInput } from './errors.js';

/** Parses input with a zod schema; the first issue becomes BAD_USER_INPUT naming its field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : undefined;
  throw badInput(field, field ? `${field}: ${issue.message}` : issue.message);
}

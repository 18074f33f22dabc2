import type { z } from 'zod';
import type { Salvaged } from './versioned-store';

/**
 * Keeps every item of a list that its schema accepts and names each one it drops, so a store
 * holding many items (profiles, tunnels) loses only what is actually broken. Items are named by
 * `label` (e.g. their `name` field) or their position; messages name the failing fields, never
 * their values.
 */
export function salvageList<S extends z.ZodType>(
  raw: unknown,
  options: { schema: S; noun: string; key?: (item: z.output<S>) => string; label?: (raw: Record<string, unknown>) => string | undefined },
): Salvaged<z.output<S>[]> {
  if (raw === undefined) return { value: [], dropped: [] };
  if (!Array.isArray(raw)) return { value: [], dropped: [`the ${options.noun} list (not a list)`] };
  const value: z.output<S>[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const name = describeItem(item, index, options);
    const result = options.schema.safeParse(item);
    if (!result.success) {
      dropped.push(`${name} (${describeIssues(result.error)})`);
      return;
    }
    const key = options.key?.(result.data);
    if (key !== undefined && seen.has(key)) {
      dropped.push(`${name} (same id as an earlier one)`);
      return;
    }
    if (key !== undefined) seen.add(key);
    const unknown = strippedKeys(item, result.data);
    if (unknown.length > 0) dropped.push(`${name}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (the rest was kept)`);
    value.push(result.data);
  });
  return { value, dropped };
}

/** Fields of the raw item that parsing left out (zod strips unknown keys without a word). */
export function strippedKeys(raw: unknown, parsed: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || typeof parsed !== 'object' || parsed === null) return [];
  return Object.keys(raw).filter((key) => !(key in parsed) && (raw as Record<string, unknown>)[key] !== undefined);
}

function describeItem(item: unknown, index: number, options: { noun: string; label?: (raw: Record<string, unknown>) => string | undefined }): string {
  const position = `${options.noun} #${index + 1}`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return position;
  const label = options.label?.(item as Record<string, unknown>);
  return label === undefined ? position : `${position} "${label.slice(0, 60)}"`;
}

/** "port: Too big: expected number to be <=65535"; the path and the rule, not the value. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join(', ');
}

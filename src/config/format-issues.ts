/**
 * Turns zod validation issues into one ConfigError whose message names each offending field by
 * its dotted path, the value found and what is allowed: the only error text a user sees for a bad
 * config, so it must be enough to fix the file without reading the source.
 */
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${String(k)}` : String(k);
  }
  return out || '(top level)';
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

/** Object keys allowed at `path` in `schema`, for "unknown field" messages. */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.ZodType | undefined = schema;
  for (const k of path) {
    s = unwrap(s);
    if (!s) return [];
    const def = (s as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType } }).def;
    if (def.type === 'object' && def.shape) s = def.shape[String(k)];
    else if (def.type === 'array' && def.element) s = def.element;
    else return [];
  }
  s = unwrap(s);
  const def = s ? (s as unknown as { def: { type: string; shape?: Record<string, unknown> } }).def : undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  for (let i = 0; s && i < 10; i++) {
    const def = (s as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  return s;
}

function describe(issue: Issue, schema: z.ZodType): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'object' ? 'a mapping of fields' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, got ${show(issue.input)}`;
    case 'too_small': {
      const op = issue.inclusive ? '>=' : '>';
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return `must not be empty`;
      return `must be ${op} ${issue.minimum}, got ${show(issue.input)}`;
    }
    case 'too_big': {
      const op = issue.inclusive ? '<=' : '<';
      if (issue.origin === 'array') return `allows at most ${issue.maximum} item(s)`;
      return `must be ${op} ${issue.maximum}, got ${show(issue.input)}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${show(issue.input)}`;
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, issue.path);
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`;
    }
    case 'invalid_union': {
      const u = issue as Issue & { discriminator?: string; options?: unknown[]; errors: Issue[][] };
      if (u.options) return `must be one of ${u.options.map((o) => JSON.stringify(o)).join(', ')}; got ${show(u.input)}`;
      // Prefer the branch that got furthest (its first issue has the longest path).
      const best = [...u.errors].sort((a, b) => (b[0]?.path.length ?? 0) - (a[0]?.path.length ?? 0))[0];
      if (best && best[0] && best[0].path.length > 0) return `${fieldPath(best[0].path)}: ${describe(best[0], schema)}`;
      return `does not match any allowed form; got ${show(u.input)}`;
    }
    case 'invalid_format':
      return `is not a valid ${issue.format}: ${show(issue.input)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

/** One ConfigError listing every issue, each line "field: what is wrong". */
export function configErrorFromIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, prefix = '', source = ''): ConfigError {
  const lines = issues.slice(0, 12).map((issue) => {
    const path = fieldPath(issue.path, prefix);
    const text = describe(issue as Issue, schema);
    // Nested union messages already start with their own sub-path.
    return text.includes(': ') && issue.code === 'invalid_union' ? `${path}.${text}` : `${path}: ${text}`;
  });
  if (issues.length > 12) lines.push(`... and ${issues.length - 12} more`);
  const head = source ? `invalid config ${source}:\n  ` : '';
  const first = issues[0];
  return new ConfigError(first ? fieldPath(first.path, prefix) : '', head + lines.join('\n  '));
}

/** Validates `value` with `schema`, throwing a ConfigError that names the fields. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, prefix = '', source = ''): T {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  throw configErrorFromIssues(r.error.issues, schema, prefix, source);
}

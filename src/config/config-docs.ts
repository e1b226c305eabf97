/**
 * The config reference (docs/config.md), generated from the same zod schemas that validate config
 * files, so the documentation cannot drift from what is accepted. One table per section and
 * product family: field path, type and allowed values, default, description (with units).
 */
import { z } from 'zod';
import { executionSchema, marketModelSchema, historySchema, monteCarloSchema, timeSchema, venueSchema } from './common.js';
import { FAMILIES } from './families/index.js';

type Json = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Json>;
  items?: Json;
  anyOf?: Json[];
  oneOf?: Json[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  required?: string[];
};

function typeText(s: Json): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return [...new Set(alts.map(typeText))].join(' or ');
  let t = Array.isArray(s.type) ? s.type.join(' or ') : s.type ?? 'any';
  if (t === 'array' && s.items) t = `list of ${typeText(s.items)}`;
  const bounds: string[] = [];
  if (s.minimum !== undefined) bounds.push(`>= ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) bounds.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) bounds.push(`<= ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) bounds.push(`< ${s.exclusiveMaximum}`);
  if (t === 'integer' || t === 'number') return bounds.length ? `${t} ${bounds.join(', ')}` : t;
  return t;
}

/** Rows for every field of an object schema, descending into nested objects. */
function rows(s: Json, prefix: string, out: string[][]): void {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  for (const [key, raw] of Object.entries(props)) {
    const field = raw.anyOf?.find((a) => a.properties) ?? raw;
    const path = prefix ? `${prefix}.${key}` : key;
    const desc = (raw.description ?? field.description ?? '').replace(/\|/g, '\\|');
    const def = raw.default !== undefined ? `\`${JSON.stringify(raw.default)}\`` : required.has(key) ? 'required' : '';
    if (field.properties && field.type === 'object') {
      out.push([`\`${path}\``, 'object', def, desc]);
      rows(field, path, out);
    } else {
      out.push([`\`${path}\``, typeText(raw), def, desc]);
    }
  }
}

function table(title: string, schema: z.ZodType, prefix: string, intro?: string): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const variants = json.oneOf ?? json.anyOf ?? [json];
  const parts: string[] = [`### ${title}`, ''];
  if (intro) parts.push(intro, '');
  for (const v of variants) {
    const r: string[][] = [];
    rows(v, prefix, r);
    if (variants.length > 1) {
      const tag = Object.entries(v.properties ?? {}).find(([, p]) => p.const !== undefined);
      if (tag) parts.push(`**${prefix}.${tag[0]}: ${JSON.stringify(tag[1].const)}**`, '');
    }
    parts.push('| field | type | default | description |', '|---|---|---|---|', ...r.map((c) => `| ${c.join(' | ')} |`), '');
  }
  return parts.join('\n');
}

export function configReferenceMarkdown(): string {
  const parts = [
    '# Config reference',
    '',
    'Generated from the schemas that validate config files (`npm run schema` regenerates it; a test',
    'checks it is current). Configs are YAML or JSON. Units follow [conventions.md](conventions.md):',
    'rates per year as fractions, basis points only in fields named `...Bps`, durations as text with',
    'a unit (`30s`, `4h`, `1d`). Unknown fields are rejected, so a typo is reported, not ignored.',
    '',
    '## Top level',
    '',
    '| field | what |',
    '|---|---|',
    '| `name` | title of the run and its report |',
    '| `description` | what the run is for, shown under the title |',
    '| `baseName` | name of the base configuration among compared variants (default: `name`) |',
    '| `market` | a price model (Monte Carlo) or `history` (backtest) |',
    '| `time` | time grid of simulated markets |',
    '| `monteCarlo` | paths, seed, threads |',
    '| `product` | the product; `product.type` selects the family below |',
    '| `policy` | when and to what the product rebalances (the family\'s policy) |',
    '| `execution` | single trade or TWAP, slippage guard |',
    '| `venue` | where trades happen and what they cost |',
    '| `compare` | list of variants: `name` plus any of `product`, `policy`, `execution`, `venue`, each replacing the base section whole |',
    '| `sweep` | grid of values over numeric fields (see `keel sweep`) |',
    '',
    '## Sections shared by every product',
    '',
    table('market: price models', marketModelSchema, 'market', 'Simulated markets; `market.model` picks one.'),
    table('market: history', historySchema, 'market', 'A backtest on a built-in data set (`keel datasets`) or a CSV file.'),
    table('time', timeSchema, 'time'),
    table('monteCarlo', monteCarloSchema, 'monteCarlo'),
    table('execution', executionSchema, 'execution'),
    table('venue', venueSchema, 'venue'),
    '## Product families',
    '',
  ];
  for (const f of FAMILIES) {
    parts.push(`### ${f.label} (\`product.type: ${f.type}\`)`, '');
    parts.push(table(`${f.label}: product`, f.productSchema, 'product').replace(/^### /, '#### '));
    parts.push(table(`${f.label}: policy`, f.policySchema, 'policy').replace(/^### /, '#### '));
  }
  return parts.join('\n').replace(/\n{3,}/g, '\n\n');
}

/**
 * A Keel config file: YAML or JSON with sections `market`, `time`, `monteCarlo`, `product`,
 * `policy`, `execution`, `venue`, and optionally `compare` (variants run on the same paths) and
 * `sweep` (a grid over numeric fields). `product.type` selects the product family, whose schemas
 * then validate `product` and `policy`.
 *
 * Resolution turns the document into validated sections and a market source; every error is a
 * ConfigError naming the field. Variants in `compare` replace whole sections of the base config:
 * a variant that gives `policy` uses exactly that policy, so triggers never combine by accident.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { executionSchema, marketSchema, monteCarloSchema, timeSchema, venueSchema, type ExecutionConfig, type MonteCarloConfig, type VenueConfig } from './common.js';
import type { FamilySimulation, ProductFamily } from './family.js';
import { FAMILIES, familyTypes } from './families/index.js';
import { validate } from './format-issues.js';
import { buildMarketSource, configDirectory, type MarketSource } from './market-source.js';

const SECTIONS = ['product', 'policy', 'execution', 'venue'] as const;

const sweepSchema = z
  .strictObject({
    parameters: z
      .record(
        z.string().describe('Dotted path of a numeric field, e.g. policy.band.max'),
        z.union([
          z.array(z.number()).min(1),
          z.strictObject({ from: z.number(), to: z.number(), steps: z.number().int().min(2).max(1000), scale: z.enum(['linear', 'log']).default('linear') }),
        ]),
      )
      .describe('Values to try for each field; the grid is their cross product.'),
    objective: z.string().optional().describe('Metric key to rank grid points by (default: the family\'s headline metric).'),
    minimize: z.boolean().optional().describe('Rank so that lower is better (default depends on the metric).'),
  })
  .describe('Parameter sweep on common random numbers.');

const variantSchema = z.looseObject({
  name: z.string().min(1).describe('Name shown in reports.'),
  product: z.unknown().optional(),
  policy: z.unknown().optional(),
  execution: z.unknown().optional(),
  venue: z.unknown().optional(),
});

const topSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).default('Keel simulation').describe('Title of the run and its report.'),
  description: z.string().optional().describe('What the run is for; shown under the title.'),
  baseName: z.string().min(1).optional().describe('Name of the base configuration among the compared variants (default: name).'),
  market: z.unknown(),
  time: z.unknown().optional(),
  monteCarlo: z.unknown().optional(),
  product: z.looseObject({ type: z.enum(familyTypes() as [string, ...string[]]).describe('Product family.') }),
  policy: z.unknown(),
  execution: z.unknown().optional(),
  venue: z.unknown().optional(),
  compare: z.array(variantSchema).optional().describe('Variants run on the same paths; each replaces the sections it gives.'),
  sweep: sweepSchema.optional(),
});

export type SweepConfig = z.infer<typeof sweepSchema>;

export interface ResolvedVariant {
  name: string;
  product: unknown;
  policy: unknown;
  execution: ExecutionConfig;
  venue: VenueConfig;
}

export interface ResolvedConfig {
  /** Where the config came from (file path or label), for messages and reports. */
  source: string;
  dir: string;
  name: string;
  description?: string;
  family: ProductFamily<never, never>;
  market: MarketSource;
  monteCarlo: MonteCarloConfig;
  /** The base config first, then the `compare` variants. */
  variants: ResolvedVariant[];
  sweep?: SweepConfig;
  /** The document as written, for sweeps (which rewrite fields) and provenance. */
  raw: Record<string, unknown>;
}

/** Parses YAML (or JSON, which is YAML) into a plain object; syntax errors name the line. */
export function parseConfigText(text: string, source: string): Record<string, unknown> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0];
    throw new ConfigError('', `${source}${line ? `:${line.line}:${line.col}` : ''}: ${e.message.split('\n')[0]}`);
  }
  const value = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError('', `${source}: a config is a mapping of sections (market, product, policy, ...), got ${Array.isArray(value) ? 'a list' : typeof value}`);
  return value as Record<string, unknown>;
}

export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('', `cannot read config ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseConfigText(text, path);
}

/** Validates the sections of one variant with its family's schemas. */
function resolveVariant(family: ProductFamily<never, never>, name: string, sections: Record<string, unknown>, prefix: string): ResolvedVariant {
  const p = prefix ? `${prefix}.` : '';
  return {
    name,
    product: validate(family.productSchema, sections.product, `${p}product`),
    policy: validate(family.policySchema, sections.policy ?? {}, `${p}policy`),
    execution: validate(executionSchema, sections.execution ?? {}, `${p}execution`),
    venue: validate(venueSchema, sections.venue ?? { type: 'cost-model' }, `${p}venue`),
  };
}

export function resolveConfig(raw: Record<string, unknown>, source: string, dir: string): ResolvedConfig {
  const top = validate(topSchema, raw, '', source);
  const family = FAMILIES.find((f) => f.type === top.product.type) as ProductFamily<never, never>;
  const market = validate(marketSchema, top.market, 'market');
  const time = validate(timeSchema, top.time ?? {}, 'time');
  const monteCarlo = validate(monteCarloSchema, top.monteCarlo ?? {}, 'monteCarlo');
  const base = resolveVariant(family, top.baseName ?? top.name, raw, '');
  const variants = [base];
  const names = new Set([base.name]);
  (top.compare ?? []).forEach((v, i) => {
    const unknown = Object.keys(v).filter((k) => k !== 'name' && !(SECTIONS as readonly string[]).includes(k));
    if (unknown.length) throw new ConfigError(`compare[${i}]`, `unknown section ${unknown.map((k) => `"${k}"`).join(', ')}; a variant may give name, ${SECTIONS.join(', ')}`);
    if (names.has(v.name)) throw new ConfigError(`compare[${i}].name`, `"${v.name}" is used twice; variant names must be unique`);
    names.add(v.name);
    const sections: Record<string, unknown> = {};
    for (const s of SECTIONS) sections[s] = s in v ? v[s] : raw[s];
    if ('product' in v && (v.product as { type?: unknown })?.type !== top.product.type) {
      throw new ConfigError(`compare[${i}].product.type`, `must be "${top.product.type}" like the base config: a comparison runs one product family`);
    }
    variants.push(resolveVariant(family, v.name, sections, `compare[${i}]`));
  });
  const resolved: ResolvedConfig = {
    source,
    dir,
    name: top.name,
    description: top.description,
    family,
    market: buildMarketSource(market, time, dir),
    monteCarlo,
    variants,
    sweep: top.sweep,
    raw,
  };
  // Build every variant once: rules that span fields (band min <= target <= max, ripcord above the
  // band) are checked by the product and policy constructors, and should fail here, at load time,
  // naming the variant they belong to.
  variants.forEach((v, i) => {
    try {
      buildVariant(resolved, v);
    } catch (e) {
      if (e instanceof ConfigError && i > 0) throw new ConfigError(`compare[${i - 1}].${e.field}`, `compare[${i - 1}].${e.message}`);
      throw e;
    }
  });
  return resolved;
}

export function loadConfig(path: string): ResolvedConfig {
  return resolveConfig(readConfigFile(path), path, configDirectory(path));
}

/** Builds the simulation of a resolved variant. */
export function buildVariant(config: ResolvedConfig, variant: ResolvedVariant): FamilySimulation {
  return config.family.build({ name: variant.name, product: variant.product as never, policy: variant.policy as never, execution: variant.execution, venue: variant.venue, market: config.market });
}

/** The JSON Schema of a config file, for editors: one alternative per product family. */
export function configJsonSchema(): unknown {
  const perFamily = FAMILIES.map((f) =>
    z.strictObject({
      $schema: z.string().optional(),
      name: z.string().optional().describe('Title of the run and its report.'),
      description: z.string().optional(),
      baseName: z.string().optional().describe('Name of the base configuration among the compared variants (default: name).'),
      market: marketSchema,
      time: timeSchema.optional(),
      monteCarlo: monteCarloSchema.optional(),
      product: f.productSchema,
      policy: f.policySchema,
      execution: executionSchema.optional(),
      venue: venueSchema.optional(),
      compare: z.array(z.strictObject({ name: z.string(), product: f.productSchema.optional(), policy: f.policySchema.optional(), execution: executionSchema.optional(), venue: venueSchema.optional() })).optional(),
      sweep: sweepSchema.optional(),
    }).describe(`${f.label} config`),
  );
  const schema = perFamily.length === 1 ? perFamily[0] : z.union(perFamily as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  return { ...(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object), title: 'Keel config' };
}

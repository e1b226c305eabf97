/**
 * Write a report's files (report.html, summary.json, CSVs) so that a failure never leaves a
 * half-written output: every file is first written in full, and flushed, to a temporary file in
 * the same directory; only when all of them are written are they renamed over their targets
 * (a rename within one directory is atomic). If anything fails before the renames, the temporary
 * files are removed and the previous outputs are untouched.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Report } from './report-model.js';
import { renderHtml } from './html.js';

export interface ReportFiles {
  report: Report;
  /** Written as summary.json; the Report itself when omitted. */
  json?: unknown;
  /** CSV files by name ("paths" or "paths.csv"), contents from toCsv. */
  csv?: Record<string, string>;
}

export type CsvCell = string | number | null | undefined;

/**
 * RFC 4180 CSV: a header line, then one record per row, CRLF line ends. Fields holding a comma,
 * a double quote, CR or LF are quoted, with quotes doubled. Numbers are written in full
 * precision (the shortest text that reads back to the same double, e.g. 0.1, 1e-7), never
 * formatted or rounded; null and undefined are empty fields; NaN and ±Infinity are written as
 * NaN, Infinity and -Infinity.
 */
export function toCsv(columns: string[], rows: CsvCell[][]): string {
  const lines = [columns.map(csvField).join(',')];
  rows.forEach((row, i) => {
    if (row.length !== columns.length) {
      throw new Error(`toCsv: row ${i + 1} has ${row.length} fields, expected ${columns.length} (${columns.join(', ')})`);
    }
    lines.push(row.map(csvField).join(','));
  });
  return lines.join('\r\n') + '\r\n';
}

function csvField(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Typed arrays as arrays, bigints as decimal strings; everything else as JSON.stringify would. */
function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? x.toString() : x));
  }
  return value;
}

function serialize(raw: unknown, key: string, indent: string, stack: object[]): string | undefined {
  let v = raw;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  v = jsonValue(v);
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'object':
      break;
    default:
      return undefined; // undefined, functions, symbols: left out, as JSON.stringify does
  }
  const obj = v as object;
  if (stack.includes(obj)) throw new TypeError('toJson: circular structure');
  stack.push(obj);
  const inner = indent + '  ';
  let out: string;
  if (Array.isArray(obj)) {
    const items = obj.map((x, i) => serialize(x, String(i), inner, stack) ?? 'null');
    const flat = obj.every((x) => x === null || typeof jsonValue(x) !== 'object');
    out = items.length === 0 ? '[]' : flat ? `[${items.join(', ')}]` : `[\n${inner}${items.join(`,\n${inner}`)}\n${indent}]`;
  } else {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(obj)) {
      const text = serialize(x, k, inner, stack);
      if (text !== undefined) parts.push(`${JSON.stringify(k)}: ${text}`);
    }
    out = parts.length === 0 ? '{}' : `{\n${inner}${parts.join(`,\n${inner}`)}\n${indent}}`;
  }
  stack.pop();
  return out;
}

/**
 * A value as indented JSON for summary.json: objects one key per line, arrays of plain values
 * on one line (so long series stay compact), typed arrays as arrays, bigints as strings,
 * NaN and ±Infinity as null.
 */
export function toJson(value: unknown): string {
  return (serialize(value, '', '', []) ?? 'null') + '\n';
}

function csvFileName(name: string): string {
  const file = name.toLowerCase().endsWith('.csv') ? name : `${name}.csv`;
  if (file !== basename(file) || file.startsWith('.') || /[\\/\0]/.test(file) || file === '.csv') {
    throw new Error(`writeReportFiles: CSV name ${JSON.stringify(name)} must be a plain file name`);
  }
  return file;
}

let tempCounter = 0;

/**
 * Write report.html, summary.json and the CSV files into `dir` (created if needed), atomically per
 * file; returns the absolute paths written, in that order.
 */
export async function writeReportFiles(dir: string, files: ReportFiles): Promise<string[]> {
  // Build every text before touching the disk: a rendering error changes nothing.
  const outputs: { name: string; text: string }[] = [
    { name: 'report.html', text: renderHtml(files.report) },
    { name: 'summary.json', text: toJson(files.json === undefined ? files.report : files.json) },
  ];
  const seen = new Set(outputs.map((o) => o.name));
  for (const [name, text] of Object.entries(files.csv ?? {})) {
    const file = csvFileName(name);
    if (seen.has(file)) throw new Error(`writeReportFiles: two CSV files named ${file}`);
    seen.add(file);
    outputs.push({ name: file, text });
  }

  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const o of outputs) {
      const target = join(root, o.name);
      const tmp = join(root, `.${o.name}.${process.pid}.${++tempCounter}.tmp`);
      staged.push({ tmp, target });
      await writeFlushed(tmp, o.text);
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw err;
  }
  const written: string[] = [];
  for (let i = 0; i < staged.length; i++) {
    try {
      await rename(staged[i].tmp, staged[i].target);
    } catch (err) {
      await Promise.all(staged.slice(i).map((s) => rm(s.tmp, { force: true })));
      throw err;
    }
    written.push(staged[i].target);
  }
  return written;
}

async function writeFlushed(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

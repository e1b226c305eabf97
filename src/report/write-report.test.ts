import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from './report-model.js';
import { toCsv, toJson, writeReportFiles } from './write-report.js';

/** RFC 4180 parser for the round-trip test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i += 1;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const report: Report = {
  title: 'Test report',
  keelVersion: '0.1.0',
  generatedAt: '2024-01-01T00:00:00Z',
  run: [{ label: 'Seed', value: '1' }],
  sections: [{ title: 'Only', blocks: [{ kind: 'figures', items: [{ label: 'Return', value: 0.1, unit: 'fraction' }] }] }],
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keel-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const leftovers = async (d: string) => (await readdir(d)).filter((f) => f.endsWith('.tmp') || f.startsWith('.'));

describe('writeReportFiles', () => {
  it('writes report.html, summary.json and the CSVs into a new directory, and nothing else', async () => {
    const out = join(dir, 'nested', 'run-1');
    const paths = await writeReportFiles(out, {
      report,
      json: { mean: 0.1, series: new Float64Array([1, 2.5]), big: 12n, bad: Number.NaN },
      csv: { paths: toCsv(['a'], [[1]]), 'trades.csv': toCsv(['b'], [['x']]) },
    });
    expect(paths).toEqual(['report.html', 'summary.json', 'paths.csv', 'trades.csv'].map((f) => join(out, f)));
    expect((await readdir(out)).sort()).toEqual(['paths.csv', 'report.html', 'summary.json', 'trades.csv']);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<h1>Test report</h1>');
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))).toEqual({ mean: 0.1, series: [1, 2.5], big: '12', bad: null });
    expect(await readFile(join(out, 'trades.csv'), 'utf8')).toBe('b\r\nx\r\n');
  });

  it('writes the report itself as summary.json when no json is given, and overwrites earlier files', async () => {
    await writeFile(join(dir, 'summary.json'), 'old');
    await writeReportFiles(dir, { report });
    expect(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')).title).toBe('Test report');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('leaves the previous files intact and no temporary files when a write fails mid-way', async () => {
    await writeReportFiles(dir, { report, csv: { paths: 'a\r\n1\r\n' } });
    const before = {
      html: await readFile(join(dir, 'report.html'), 'utf8'),
      json: await readFile(join(dir, 'summary.json'), 'utf8'),
      csv: await readFile(join(dir, 'paths.csv'), 'utf8'),
    };
    const changed: Report = { ...report, title: 'Second run' };
    // report.html and summary.json are written to temporary files, then the third file fails.
    await expect(
      writeReportFiles(dir, { report: changed, csv: { paths: 'a\r\n2\r\n', broken: 42 as unknown as string } }),
    ).rejects.toThrow();
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toBe(before.html);
    expect(await readFile(join(dir, 'summary.json'), 'utf8')).toBe(before.json);
    expect(await readFile(join(dir, 'paths.csv'), 'utf8')).toBe(before.csv);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('changes nothing when the JSON cannot be serialised', async () => {
    await writeFile(join(dir, 'report.html'), 'previous');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(writeReportFiles(dir, { report, json: circular })).rejects.toThrow(/circular/);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toBe('previous');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('cleans up when a rename fails', async () => {
    await mkdir(join(dir, 'summary.json', 'occupied'), { recursive: true }); // a non-empty directory cannot be replaced
    await expect(writeReportFiles(dir, { report })).rejects.toThrow();
    expect(await leftovers(dir)).toEqual([]);
  });

  it('refuses CSV names that are not plain file names', async () => {
    for (const name of ['../escape', 'a/b', 'a\\b', '.hidden', '', '.csv']) {
      await expect(writeReportFiles(dir, { report, csv: { [name]: 'x' } })).rejects.toThrow(/CSV name/);
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and newlines per RFC 4180, and round-trips them', () => {
    const columns = ['name', 'note, with comma', 'value'];
    const rows = [
      ['plain', 'a,b', 1],
      ['say "hi"', 'line one\nline two', -2.5],
      ['cr\r\nlf', '', null],
      ['  spaces  ', '"', 0],
    ];
    const text = toCsv(columns, rows);
    expect(text.split('\r\n')[0]).toBe('name,"note, with comma",value');
    expect(text).toContain('"say ""hi"""');
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(text);
    expect(parsed).toEqual([columns, ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))]);
  });

  it('writes numbers in full precision, never formatted', () => {
    const values = [0.1 + 0.2, 1e-7, 123456789.12345679, -0, 1e21, Math.PI, 2 ** 53 + 2];
    const text = toCsv(['v'], values.map((v) => [v]));
    const back = parseCsv(text).slice(1).map((r) => Number(r[0]));
    expect(back).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
    expect(text).toContain('0.30000000000000004');
    expect(text).not.toContain('1,');
    expect(toCsv(['v'], [[Number.NaN], [Number.POSITIVE_INFINITY], [undefined]])).toBe('v\r\nNaN\r\nInfinity\r\n\r\n');
  });

  it('rejects rows of the wrong width', () => {
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/row 1 has 1 fields, expected 2/);
  });
});

describe('toJson', () => {
  it('writes typed arrays as arrays on one line and keeps objects readable', () => {
    const text = toJson({ a: { b: new Float32Array([0.5, 1]) }, list: [{ x: 1 }], empty: [], none: undefined, nan: Number.NaN });
    expect(JSON.parse(text)).toEqual({ a: { b: [0.5, 1] }, list: [{ x: 1 }], empty: [], nan: null });
    expect(text).toContain('"b": [0.5, 1]');
  });
});

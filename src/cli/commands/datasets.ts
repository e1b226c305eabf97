import { listDatasets } from '../../market/datasets.js';

export function runDatasets(): void {
  const rows = listDatasets();
  const w = Math.max(...rows.map((d) => d.id.length));
  for (const d of rows) process.stdout.write(`${d.id.padEnd(w)}  ${d.first} to ${d.last}, ${d.rows} rows  ${d.description}\n`);
}

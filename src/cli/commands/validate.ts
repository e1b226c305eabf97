import { loadConfig } from '../../config/config.js';

export function runValidate(file: string): void {
  const c = loadConfig(file);
  const m = c.market;
  const lines = [
    `${file}: ok`,
    `  ${c.family.label}: ${c.name}`,
    `  market: ${m.label}`,
    m.kind === 'model' ? `  Monte Carlo: ${c.monteCarlo.paths} paths of ${m.steps} steps, seed ${c.monteCarlo.seed}` : `  backtest: ${m.path.steps} steps`,
    ...c.variants.map((v, i) => `  ${i === 0 ? 'base' : `variant ${i}`}: ${v.name}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

#!/usr/bin/env node
/**
 * The `keel` command-line program. Every failure a user can cause (bad config, bad CSV, bad flag)
 * ends as one line on stderr naming the field, line or value and what is allowed, and exit code 2;
 * anything else is a bug and says so.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { KeelError, UsageError } from '../core/errors.js';
import { runBench } from './commands/bench.js';
import { WORKLOADS } from '../bench/workloads.js';
import { runDatasets } from './commands/datasets.js';
import { runSchema } from './commands/schema.js';
import { runSimulate } from './commands/simulate.js';
import { runSweepCommand } from './commands/sweep.js';
import { runValidate } from './commands/validate.js';
import { KEEL_VERSION } from '../version.js';
import { tuneV8 } from '../core/v8-tuning.js';

function positiveInt(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError(`${name} must be a positive integer, got "${v}"`);
    return Number(v);
  };
}

function nonNegativeInt(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${v}"`);
    return Number(v);
  };
}

const runOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('-o, --out <dir>', 'directory for report.html, summary.json and CSV files').default('out'))
    .option('--json', 'print the summary JSON to stdout (and write no files unless --out is given explicitly)')
    .option('-n, --paths <n>', 'Monte Carlo paths (overrides the config)', positiveInt('--paths'))
    .option('-s, --seed <n>', 'random seed (overrides the config)', nonNegativeInt('--seed'))
    .option('-t, --threads <n>', 'worker threads (overrides the config)', positiveInt('--threads'))
    .option('--no-progress', 'no progress bar');

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('keel')
    .description('Rebalancing engine for on-chain derivative products: simulate, compare and explain rebalancing rules.')
    .version(KEEL_VERSION)
    .showHelpAfterError('(run keel --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .exitOverride();

  runOptions(program.command('simulate <config>').description('run a config (Monte Carlo on a model, or a backtest on history) and write a report')).action((config, opts, cmd) =>
    runSimulate(config, { ...opts, outGiven: cmd.getOptionValueSource('out') === 'cli' }, 'base'),
  );
  runOptions(program.command('compare <config>').description('run the config and its `compare` variants on the same paths, side by side')).action((config, opts, cmd) =>
    runSimulate(config, { ...opts, outGiven: cmd.getOptionValueSource('out') === 'cli' }, 'all'),
  );
  runOptions(program.command('sweep <config>').description('run the config\'s sweep grid on common random numbers; resumes from the checkpoint in --out'))
    .option('--restart', 'ignore a checkpoint in --out and start the sweep over')
    .action((config, opts) => runSweepCommand(config, opts));
  program
    .command('bench <workload>')
    .description(`run a benchmark workload (${Object.keys(WORKLOADS).join(', ')}) through the ordinary engine; prints one JSON line`)
    .option('-n, --paths <n>', 'paths in all (shared by the threads)', positiveInt('--paths'), 2000)
    .option('-s, --seed <n>', 'random seed', nonNegativeInt('--seed'), 1)
    .option('-t, --threads <n>', 'worker threads', positiveInt('--threads'), 1)
    .option('--json', 'print JSON (the default; kept for scripts)')
    .action((workload, opts) => runBench(workload, opts));
  program.command('validate <config>').description('check a config and print what it will run').action((config) => runValidate(config));
  program.command('datasets').description('list the built-in price histories').action(() => runDatasets());
  program
    .command('schema')
    .description('print the JSON Schema of config files (for editor completion)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('--markdown', 'print the config reference (docs/config.md) instead')
    .action((opts) => runSchema(opts.out, opts.markdown));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) {
      // Help and version exit 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof KeelError) {
      process.stderr.write(`keel: ${e.message}\n`);
      return e instanceof UsageError || e.code === 'CONFIG' || e.code === 'DATA' ? 2 : 1;
    }
    process.stderr.write(`keel: unexpected error: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.KEEL_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write('This is a bug in Keel; set KEEL_DEBUG=1 for the stack trace and please report it.\n');
    return 1;
  }
}

// Run when executed directly (not when imported by tests).
const invoked = process.argv[1] ?? '';
if (invoked.endsWith('main.js') || invoked.endsWith('main.ts') || invoked.endsWith('/keel')) {
  tuneV8(); // before any simulation code is optimized (see src/core/v8-tuning.ts)
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

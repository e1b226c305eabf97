/**
 * Runs random swap sequences on our bigint v3 pool and on an SDK pool with the same ticks, and
 * tallies every difference (test-only).
 */
import { Rng } from '../../core/rng.js';
import { sdkPoolFrom, sdkSwap } from './sdk-oracle.js';
import { type CaseKind, randomCase, randomSwap } from './v3-fuzz.js';

export const SWAPS_PER_CASE = 3;

export interface Tally {
  swaps: number;
  diffs: string[];
  partial: number;
  exhausted: number;
  bothThrew: number;
  ticksCrossed: number;
  exactOut: number;
  withLimit: number;
}

/**
 * `cases` random pools of one kind, SWAPS_PER_CASE swaps each. After every swap the output (exact
 * input) or input (exact output), sqrtPriceX96, tick and liquidity must be equal; when one side
 * throws the other must throw too (the sequence then stops, as the states are no longer comparable).
 */
export async function runFuzz(kind: CaseKind, cases: number, seed: number): Promise<Tally> {
  const rng = new Rng(seed);
  const tally: Tally = { swaps: 0, diffs: [], partial: 0, exhausted: 0, bothThrew: 0, ticksCrossed: 0, exactOut: 0, withLimit: 0 };
  for (let c = 0; c < cases; c++) {
    const { pool } = randomCase(rng, kind);
    let sdk = sdkPoolFrom(pool);
    for (let k = 0; k < SWAPS_PER_CASE; k++) {
      const spec = randomSwap(rng, pool, kind);
      tally.swaps++;
      if (spec.amountSpecified < 0n) tally.exactOut++;
      if (spec.limit !== undefined) tally.withLimit++;
      const where =
        `${kind} seed ${seed} case ${c} swap ${k}: fee ${pool.fee} zeroForOne ${spec.zeroForOne} ` +
        `amount ${spec.amountSpecified} limit ${spec.limit} from ${pool.sqrtPriceX96} tick ${pool.tick}`;
      let ours, theirs;
      let oursErr: unknown, theirsErr: unknown;
      try {
        ours = pool.swap(spec.zeroForOne, spec.amountSpecified, spec.limit);
      } catch (e) {
        oursErr = e;
      }
      try {
        theirs = await sdkSwap(sdk, spec.zeroForOne, spec.amountSpecified, spec.limit);
      } catch (e) {
        theirsErr = e;
      }
      if (!ours || !theirs) {
        if (oursErr && theirsErr) tally.bothThrew++;
        else tally.diffs.push(`${where}: ours ${oursErr ? `threw ${String(oursErr)}` : 'ok'}, SDK ${theirsErr ? `threw ${String(theirsErr)}` : 'ok'}`);
        break;
      }
      const amount = spec.amountSpecified > 0n ? ours.amountOut : ours.amountIn;
      if (amount !== theirs.amount || ours.sqrtPriceX96 !== theirs.sqrtPriceX96 || ours.tick !== theirs.tick || ours.liquidity !== theirs.liquidity) {
        tally.diffs.push(
          `${where}: ours ${amount}/${ours.sqrtPriceX96}/${ours.tick}/${ours.liquidity} ` +
            `SDK ${theirs.amount}/${theirs.sqrtPriceX96}/${theirs.tick}/${theirs.liquidity}`,
        );
      }
      if (!ours.filled) tally.partial++;
      if (ours.stop === 'liquidityExhausted') tally.exhausted++;
      // The report must agree with the facts: unfilled without a limit means the curve ran out.
      if (ours.filled !== (ours.amountSpecifiedRemaining === 0n)) tally.diffs.push(`${where}: filled flag inconsistent`);
      if (!ours.filled && spec.limit === undefined && ours.stop !== 'liquidityExhausted') tally.diffs.push(`${where}: unfilled without a limit not flagged`);
      if (!ours.filled && spec.limit !== undefined && ours.sqrtPriceX96 !== spec.limit) tally.diffs.push(`${where}: unfilled but price not at the limit`);
      tally.ticksCrossed += ours.ticksCrossed;
      sdk = theirs.next;
    }
  }
  return tally;
}

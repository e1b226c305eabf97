/**
 * Lyra-style volatility surface: each board (one expiry) has a base IV, each listed strike on it a
 * skew ratio, and the strike's vol is baseIv * skew. Trades move it (Lyra's OptionMarketPricer rule,
 * see lyra.ts): a trade of `amount` options moves the board's base IV by amount / standardSize / 100
 * and the traded strike's skew by that times `skewAdjustmentFactor`, up when the trader buys and down
 * when the trader sells. Other strikes on the board feel the base-IV move only.
 *
 * Lyra itself prices listed strikes only. To answer the generic `vol(strike, T, spot)` question this
 * class also defines, as a Keel convention: between listed strikes the skew is linear in strike and
 * flat beyond the first and last; between boards the total variance is linear in T at the same strike
 * (see vol-surface.ts), flat vol before the first live board and after the last. Expired boards are
 * skipped.
 *
 * Time: boards expire at engine times in seconds since the Unix epoch; `setNow` moves the surface's
 * clock, and `vol` takes time to expiry in years from that clock, like every other VolSurface.
 */
import { ModelError } from '../core/errors.js';
import { SECONDS_PER_YEAR } from '../core/units.js';
import { lyraBaseIvImpact, lyraSkewImpact } from './lyra.js';
import type { VolSurface } from './vol-surface.js';

export interface LyraBoardInput {
  /** Expiry in engine time, seconds since the Unix epoch. */
  expirySeconds: number;
  /** Board base implied volatility per sqrt(year). */
  baseIv: number;
  /** Listed strikes, ascending, quote per base. */
  strikes: readonly number[];
  /** Skew ratio of each listed strike (dimensionless multiplier of baseIv, 1 = at base IV). */
  skews: readonly number[];
}

export interface LyraPricingParams {
  /** Trade size (in options) that moves base IV by one vol point. Lyra OVM ETH: 30. */
  standardSize: number;
  /** Skew move per base-IV move. Lyra OVM ETH: 1.25. */
  skewAdjustmentFactor: number;
}

interface Board {
  expirySeconds: number;
  baseIv: number;
  strikes: Float64Array;
  skews: Float64Array;
}

export class LyraVolSurface implements VolSurface {
  private readonly boards: Board[];
  readonly params: LyraPricingParams;
  private nowSeconds: number;

  constructor(boards: readonly LyraBoardInput[], params: LyraPricingParams, nowSeconds: number) {
    if (!(params.standardSize > 0)) throw new ModelError(`LyraVolSurface: standardSize must be > 0, got ${params.standardSize}`);
    if (!Number.isFinite(params.skewAdjustmentFactor)) throw new ModelError(`LyraVolSurface: skewAdjustmentFactor must be a finite number, got ${params.skewAdjustmentFactor}`);
    if (boards.length === 0) throw new ModelError('LyraVolSurface: needs at least one board');
    this.params = { ...params };
    this.boards = boards.map((b, i) => {
      const at = `LyraVolSurface: boards[${i}]`;
      if (!Number.isFinite(b.expirySeconds)) throw new ModelError(`${at}.expirySeconds must be a finite number, got ${b.expirySeconds}`);
      if (!(b.baseIv > 0 && b.baseIv < Infinity)) throw new ModelError(`${at}.baseIv must be a finite number > 0, got ${b.baseIv}`);
      if (b.strikes.length === 0 || b.strikes.length !== b.skews.length) {
        throw new ModelError(`${at}: strikes and skews must be non-empty and of equal length, got ${b.strikes.length} and ${b.skews.length}`);
      }
      b.strikes.forEach((k, j) => {
        if (!(k > 0 && k < Infinity) || (j > 0 && !(k > b.strikes[j - 1]))) {
          throw new ModelError(`${at}.strikes must be finite, > 0 and strictly ascending; strikes[${j}] = ${k}`);
        }
      });
      b.skews.forEach((s, j) => {
        if (!(s > 0 && s < Infinity)) throw new ModelError(`${at}.skews[${j}] must be a finite number > 0, got ${s}`);
      });
      return { expirySeconds: b.expirySeconds, baseIv: b.baseIv, strikes: Float64Array.from(b.strikes), skews: Float64Array.from(b.skews) };
    });
    this.boards.sort((x, y) => x.expirySeconds - y.expirySeconds);
    for (let i = 1; i < this.boards.length; i++) {
      if (this.boards[i].expirySeconds === this.boards[i - 1].expirySeconds) {
        throw new ModelError(`LyraVolSurface: two boards expire at ${this.boards[i].expirySeconds}; merge them into one board`);
      }
    }
    this.nowSeconds = nowSeconds;
  }

  /** Number of boards; board indexes below are in ascending expiry order. */
  get boardCount(): number {
    return this.boards.length;
  }

  /** Sets the surface's clock (engine seconds); time to expiry of board b is (expiry_b - now) / year. */
  setNow(nowSeconds: number): void {
    this.nowSeconds = nowSeconds;
  }

  expirySeconds(board: number): number {
    return this.board(board).expirySeconds;
  }

  baseIv(board: number): number {
    return this.board(board).baseIv;
  }

  skew(board: number, strikeIndex: number): number {
    const b = this.board(board);
    this.checkStrike(b, board, strikeIndex);
    return b.skews[strikeIndex];
  }

  strike(board: number, strikeIndex: number): number {
    const b = this.board(board);
    this.checkStrike(b, board, strikeIndex);
    return b.strikes[strikeIndex];
  }

  /** Vol of a listed strike: baseIv * skew, exactly as Lyra prices it. */
  listedVol(board: number, strikeIndex: number): number {
    const b = this.board(board);
    this.checkStrike(b, board, strikeIndex);
    return b.baseIv * b.skews[strikeIndex];
  }

  /**
   * Applies Lyra's IV impact of a trade of `amount` options on a listed strike; positive `amount` means
   * the trader buys from the AMM (IV rises), negative that the trader sells. Throws a ModelError, and
   * changes nothing, if base IV or skew would fall to zero or below (the contract reverts there too).
   */
  applyTrade(board: number, strikeIndex: number, amount: number): void {
    const b = this.board(board);
    this.checkStrike(b, board, strikeIndex);
    const newBaseIv = b.baseIv + lyraBaseIvImpact(amount, this.params.standardSize);
    const newSkew = b.skews[strikeIndex] + lyraSkewImpact(amount, this.params.standardSize, this.params.skewAdjustmentFactor);
    if (!(newBaseIv > 0) || !(newSkew > 0)) {
      throw new ModelError(`LyraVolSurface.applyTrade: a trade of ${amount} would take base IV to ${newBaseIv} and skew to ${newSkew}; both must stay > 0`);
    }
    b.baseIv = newBaseIv;
    b.skews[strikeIndex] = newSkew;
  }

  vol(strike: number, expiryYears: number, _spot: number): number {
    const target = this.nowSeconds + expiryYears * SECONDS_PER_YEAR;
    // Live boards only; find the last live board expiring at or before the target and the first after it.
    let before = -1, after = -1;
    for (let i = 0; i < this.boards.length; i++) {
      const e = this.boards[i].expirySeconds;
      if (!(e > this.nowSeconds)) continue;
      if (e <= target) before = i;
      else { after = i; break; }
    }
    if (before < 0 && after < 0) throw new ModelError(`LyraVolSurface.vol: every board has expired at now = ${this.nowSeconds}`);
    if (before < 0) return this.boardVol(this.boards[after], strike);
    if (after < 0 || this.boards[before].expirySeconds === target) return this.boardVol(this.boards[before], strike);
    const b0 = this.boards[before], b1 = this.boards[after];
    const t0 = (b0.expirySeconds - this.nowSeconds) / SECONDS_PER_YEAR;
    const t1 = (b1.expirySeconds - this.nowSeconds) / SECONDS_PER_YEAR;
    const v0 = this.boardVol(b0, strike), v1 = this.boardVol(b1, strike);
    const w = v0 * v0 * t0 + ((v1 * v1 * t1 - v0 * v0 * t0) * (expiryYears - t0)) / (t1 - t0);
    return Math.sqrt((w > 0 ? w : 0) / expiryYears);
  }

  /** baseIv times the skew at `strike`, linear between listed strikes and flat beyond them. */
  private boardVol(b: Board, strike: number): number {
    const ks = b.strikes, sk = b.skews, n = ks.length;
    if (strike <= ks[0]) return b.baseIv * sk[0];
    if (strike >= ks[n - 1]) return b.baseIv * sk[n - 1];
    let lo = 0, hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (ks[mid] <= strike) lo = mid; else hi = mid;
    }
    const skew = sk[lo] + ((sk[hi] - sk[lo]) * (strike - ks[lo])) / (ks[hi] - ks[lo]);
    return b.baseIv * skew;
  }

  private board(i: number): Board {
    const b = this.boards[i];
    if (b === undefined) throw new ModelError(`LyraVolSurface: board index must be an integer in [0, ${this.boards.length - 1}], got ${i}`);
    return b;
  }

  private checkStrike(b: Board, board: number, j: number): void {
    if (!(Number.isInteger(j) && j >= 0 && j < b.strikes.length)) {
      throw new ModelError(`LyraVolSurface: strike index on board ${board} must be an integer in [0, ${b.strikes.length - 1}], got ${j}`);
    }
  }
}

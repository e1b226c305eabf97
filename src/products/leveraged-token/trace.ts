/**
 * What a leveraged-token backtest records at each step, for charts and CSV: price, NAV, leverage
 * and its target band, the same token rebalanced continuously (closed form on the realised
 * variance so far) and reset daily, and costs accumulated by kind.
 */
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../../core/units.js';
import type { MetricDef } from '../../engine/path-metrics.js';
import type { TraceSource } from '../../engine/trace-ledger.js';
import { continuousNavRatio, resetPeriodNav } from './closed-form.js';
import { TRIGGER_NAMES, type LeverageRebalancePolicy } from './policy.js';
import type { LeveragedToken } from './token.js';

export const LEVERAGED_TOKEN_TRACE: readonly MetricDef[] = [
  { key: 'price', label: 'Underlying price', unit: 'quote per base' },
  { key: 'nav', label: 'NAV', unit: 'quote' },
  { key: 'leverage', label: 'Leverage after the step', unit: 'leverage' },
  { key: 'markedLeverage', label: 'Leverage before rebalancing', unit: 'leverage' },
  { key: 'units', label: 'Exposure', unit: 'base units' },
  { key: 'continuousNav', label: 'Continuous-rebalance NAV', unit: 'quote' },
  { key: 'dailyResetNav', label: 'Daily-reset NAV', unit: 'quote' },
  { key: 'tradingCost', label: 'Trading costs (cumulative)', unit: 'quote' },
  { key: 'carryCost', label: 'Funding, interest and fees (cumulative)', unit: 'quote' },
];

export class LeveragedTokenTrace implements TraceSource {
  readonly columns = LEVERAGED_TOKEN_TRACE;
  readonly levelLabel = 'leverage';
  readonly valueLabel = 'NAV';
  readonly valueUnit = 'quote';
  private s0 = NaN;
  private prev = NaN;
  private t0 = 0;
  private lastNow = 0;
  private qv = 0;
  private carry = 0;
  private daily = 0;
  private dailyRef = 0;
  private dailyCarry = 0;
  private nextMidnight = 0;

  constructor(private readonly token: LeveragedToken, private readonly policy: LeverageRebalancePolicy) {}

  sample(row: number, now: number, out: Float64Array): void {
    const t = this.token;
    const s = t.price;
    const beta = t.params.target;
    if (row === 0) {
      this.s0 = this.prev = this.dailyRef = s;
      this.t0 = this.lastNow = now;
      this.qv = this.carry = this.dailyCarry = 0;
      this.daily = t.params.initialNav;
      this.nextMidnight = (Math.floor(now / SECONDS_PER_DAY) + 1) * SECONDS_PER_DAY;
    } else {
      const lr = Math.log(s / this.prev);
      this.qv += lr * lr;
      const c = (this.token.targetCarryRate(row) * (now - this.lastNow)) / SECONDS_PER_YEAR;
      this.carry += c;
      this.dailyCarry += c;
      if (now >= this.nextMidnight) {
        if (this.daily > 0) this.daily = resetPeriodNav(this.daily, beta, s / this.dailyRef, this.dailyCarry);
        this.dailyRef = s;
        this.dailyCarry = 0;
        this.nextMidnight = (Math.floor(now / SECONDS_PER_DAY) + 1) * SECONDS_PER_DAY;
      }
      this.prev = s;
      this.lastNow = now;
    }
    out[0] = s;
    out[1] = t.nav;
    out[2] = t.leverage;
    out[3] = t.markedLeverage;
    out[4] = t.units;
    out[5] = t.params.initialNav * continuousNavRatio(beta, s / this.s0, this.qv, this.carry);
    // Marked to market between resets: what a holder of the daily-reset token has at this step.
    out[6] = this.daily > 0 ? resetPeriodNav(this.daily, beta, s / this.dailyRef, this.dailyCarry) : 0;
    out[7] = t.costFee + t.costGas + t.costImpact;
    out[8] = t.costFunding + t.costInterest + t.costManagement + t.costKeeper + t.costLiquidation;
  }

  level(): number {
    return this.token.leverage;
  }

  value(): number {
    return this.token.nav;
  }

  triggerName(): string {
    return TRIGGER_NAMES[this.policy.lastTrigger];
  }
}

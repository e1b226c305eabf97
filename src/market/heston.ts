/**
 * Heston (1993) stochastic volatility:
 *
 *   dS/S = mu dt + sqrt(v) dW1,   dv = kappa (theta - v) dt + xi sqrt(v) dW2,   d<W1, W2> = rho dt.
 *
 * Volatility that wanders and mean-reverts, correlated with the price (rho < 0: vol rises as price
 * falls), is what makes rebalancing costs cluster and leveraged products decay faster in crashes;
 * GBM with the average vol hides both.
 *
 * Discretisation: Andersen's (2008) quadratic-exponential (QE) scheme with the martingale
 * correction, chosen over full-truncation Euler because
 * - QE matches the exact conditional mean and variance of v(t + dt) given v(t) at every step, so
 *   E[v_T] = theta + (v0 - theta) e^{-kappa T} holds exactly at any step size (Euler is biased by
 *   O(dt) and by its truncation at 0, most when the Feller condition fails);
 * - with the martingale correction, E[S(t + dt) | S(t), v(t)] = S(t) e^{mu dt} exactly, so
 *   E[S_T] = s0 e^{mu T} like GBM's (when the correction's existence condition fails, which needs
 *   rho > 0 and very large steps, that step falls back to the uncorrected scheme);
 * - v never goes negative (Euler needs truncation, which biases it upward).
 * Remaining bias: v(t + dt) is a moment-matched approximation: its higher moments and the shape
 * of its law near 0 are not exact (on the exponential branch v is exactly 0 with probability p,
 * standing in for the true law's mass near 0), and the integral of v over a step is taken by the
 * trapezoid rule (Andersen's gamma1 = gamma2 = 1/2). Option prices are biased by O(dt); at weekly
 * steps the bias is below the Monte Carlo error of 100,000 paths (heston.test.ts pins calls at
 * three strikes to the semi-analytic price).
 *
 * Per step: two normals (one for v on the quadratic branch, or one uniform on the exponential
 * branch, and one for the price), a sqrt or two and an exp. With xi = 0 the variance is
 * deterministic, v(t) = theta + (v0 - theta) e^{-kappa t}, and each step is an exact GBM step with
 * the integrated variance of that step, drawing one normal: the path is Gbm's when v0 = theta.
 *
 * The Feller condition 2 kappa theta >= xi^2 (v stays away from 0) is reported in `feller`, not
 * enforced: fitted crypto parameters routinely break it and QE handles that case.
 */
import { ModelError } from '../core/errors.js';
import { expStep } from '../core/fast-exp.js';
import type { NormalSampler } from '../core/normal.js';
import type { PriceModel } from './price-model.js';
import { requireBuffer, requireFinite, requireInRange, requireNonNegative, requirePositive } from './validate.js';

export interface HestonParams {
  /** Initial price, quote per base. */
  s0: number;
  /** Expected return per year, continuously compounded: E[S_T] = s0 exp(mu T). */
  mu: number;
  /** Initial variance per year (v0 = 0.64 is an 80% instantaneous volatility). */
  v0: number;
  /** Speed of mean reversion of the variance, per year (half-life ln 2 / kappa years). */
  kappa: number;
  /** Long-run variance per year. */
  theta: number;
  /** Volatility of the variance ("vol of vol"), per sqrt(year). */
  xi: number;
  /** Correlation of the price and variance shocks, in [-1, 1]. */
  rho: number;
  name?: string;
}

/** Andersen's switching level between the quadratic and exponential branches (any value in [1, 2] works). */
const PSI_CRITICAL = 1.5;

/** E[v_T] = theta + (v0 - theta) e^{-kappa T}, per year. */
export function hestonExpectedVariance(p: Pick<HestonParams, 'v0' | 'kappa' | 'theta'>, years: number): number {
  return p.theta + (p.v0 - p.theta) * Math.exp(-p.kappa * years);
}

/** E[integral of v over [0, T]] = theta T + (v0 - theta)(1 - e^{-kappa T}) / kappa; E[ln(S_T/s0)] = mu T minus half of it. */
export function hestonExpectedIntegratedVariance(p: Pick<HestonParams, 'v0' | 'kappa' | 'theta'>, years: number): number {
  return p.theta * years + ((p.v0 - p.theta) * -Math.expm1(-p.kappa * years)) / p.kappa;
}

export class Heston implements PriceModel {
  readonly kind = 'heston';
  readonly assets = 1;
  readonly names: readonly string[];
  /** generate() fills the optional logReturns buffer (see PriceModel). */
  readonly writesLogReturns = true;
  /** A frozen copy: the cached per-step constants stay in step with it. */
  readonly params: Readonly<HestonParams>;
  /**
   * Feller condition 2 kappa theta >= xi^2: when satisfied the variance never reaches 0. `ratio` is
   * 2 kappa theta / xi^2 (Infinity when xi = 0). Reported for users and reports, not enforced.
   */
  readonly feller: { readonly satisfied: boolean; readonly ratio: number };

  private cachedDt = NaN;
  // Per-step constants (see generate).
  private decay = 0; // e^{-kappa dt}
  private c1 = 0; // conditional variance of v(t+dt) = v c1 + c2
  private c2 = 0;
  private muDt = 0;
  private k0 = 0;
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;
  private k4 = 0;
  private corrA = 0; // A = K2 + K4 / 2, the exponent of the martingale correction
  private intFactor = 0; // (1 - e^{-kappa dt}) / kappa, for the deterministic case

  constructor(params: HestonParams) {
    requirePositive('heston', 's0', params.s0);
    requireFinite('heston', 'mu', params.mu);
    requireNonNegative('heston', 'v0', params.v0);
    requirePositive('heston', 'kappa', params.kappa);
    requirePositive('heston', 'theta', params.theta);
    requireNonNegative('heston', 'xi', params.xi);
    requireInRange('heston', 'rho', params.rho, -1, 1);
    this.params = Object.freeze({ ...params });
    this.names = [params.name ?? 'asset'];
    const ratio = params.xi === 0 ? Infinity : (2 * params.kappa * params.theta) / (params.xi * params.xi);
    this.feller = Object.freeze({ satisfied: ratio >= 1, ratio });
  }

  /**
   * Writes one path into `prices`; with `logReturns` (same layout, row 0 set to 0) also the log
   * return of each step, which the model computes anyway, so metrics need no log per step.
   */
  generate(normals: NormalSampler, prices: Float64Array, steps: number, dt: number, logReturns?: Float64Array): void {
    requireBuffer('heston', prices, steps, 1);
    if (logReturns !== undefined) requireBuffer('heston', logReturns, steps, 1);
    this.run(normals, prices, null, logReturns ?? null, steps, dt);
  }

  /**
   * Like `generate`, and also writes the variance path (per year) into `variances[0..steps]`, for
   * tests and for products that need the instantaneous volatility sqrt(v). Same draws, same prices.
   */
  generateWithVariance(normals: NormalSampler, prices: Float64Array, variances: Float64Array, steps: number, dt: number): void {
    requireBuffer('heston', prices, steps, 1);
    requireBuffer('heston', variances, steps, 1);
    this.run(normals, prices, variances, null, steps, dt);
  }

  private setDt(dt: number): void {
    const { mu, kappa, theta, xi, rho } = this.params;
    if (!(dt > 0)) throw new ModelError(`heston: the step dt must be > 0 years, got ${dt}`);
    const e = Math.exp(-kappa * dt);
    const oneMinusE = -Math.expm1(-kappa * dt);
    this.decay = e;
    this.intFactor = oneMinusE / kappa;
    this.c1 = (xi * xi * e * oneMinusE) / kappa;
    this.c2 = (theta * xi * xi * oneMinusE * oneMinusE) / (2 * kappa);
    this.muDt = mu * dt;
    if (xi > 0) {
      // Andersen (2008) eq. (33) with gamma1 = gamma2 = 1/2.
      const half = 0.5 * dt;
      const rx = rho / xi;
      this.k0 = -rx * kappa * theta * dt;
      this.k1 = half * (kappa * rx - 0.5) - rx;
      this.k2 = half * (kappa * rx - 0.5) + rx;
      this.k3 = half * (1 - rho * rho);
      this.k4 = this.k3;
      this.corrA = this.k2 + 0.5 * this.k4;
    }
    this.cachedDt = dt;
  }

  private run(normals: NormalSampler, prices: Float64Array, variances: Float64Array | null, lr: Float64Array | null, steps: number, dt: number): void {
    if (dt !== this.cachedDt) this.setDt(dt);
    const { s0, v0, theta, xi } = this.params;
    const decay = this.decay, muDt = this.muDt;
    let v = v0;
    let logS = Math.log(s0);
    prices[0] = s0;
    if (variances !== null) variances[0] = v;
    if (lr !== null) lr[0] = 0;

    if (xi === 0) {
      // Deterministic variance: exact step with the integrated variance I = theta dt + (v - theta)(1 - e^{-kappa dt}) / kappa.
      const thetaDt = theta * dt, intFactor = this.intFactor;
      let s = s0;
      for (let t = 1; t <= steps; t++) {
        const integrated = thetaDt + (v - theta) * intFactor;
        const x = muDt - 0.5 * integrated + Math.sqrt(integrated) * normals.next();
        s *= expStep(x);
        v = theta + (v - theta) * decay;
        prices[t] = s;
        if (lr !== null) lr[t] = x;
        if (variances !== null) variances[t] = v;
      }
      return;
    }

    const c1 = this.c1, c2 = this.c2, k0 = this.k0, k1 = this.k1, k2 = this.k2, k3 = this.k3, k4 = this.k4, A = this.corrA;
    const k1HalfK3 = k1 + 0.5 * k3;
    const rng = normals.rng;
    for (let t = 1; t <= steps; t++) {
      const m = theta + (v - theta) * decay;
      const s2 = v * c1 + c2;
      const psi = s2 / (m * m);
      let vNext: number;
      let drift: number;
      if (psi <= PSI_CRITICAL) {
        // Quadratic branch: v' = a (b + Z)^2 matches mean m and variance s2.
        const twoInvPsi = 2 / psi;
        const b2 = twoInvPsi - 1 + Math.sqrt(twoInvPsi * (twoInvPsi - 1));
        const a = m / (1 + b2);
        const b = Math.sqrt(b2);
        const z = b + normals.next();
        vNext = a * z * z;
        const oneMinus2Aa = 1 - 2 * A * a;
        // Martingale correction: K0* = -ln E[exp(A v')] - (K1 + K3/2) v, finite when A < 1/(2a).
        drift = oneMinus2Aa > 0 ? (-A * b2 * a) / oneMinus2Aa + 0.5 * Math.log(oneMinus2Aa) - k1HalfK3 * v : k0;
      } else {
        // Exponential branch: mass p at 0, exponential with rate beta above.
        const p = (psi - 1) / (psi + 1);
        const beta = (1 - p) / m;
        const u = rng.nextFloat();
        vNext = u <= p ? 0 : Math.log((1 - p) / (1 - u)) / beta;
        drift = A < beta ? -Math.log(p + (beta * (1 - p)) / (beta - A)) - k1HalfK3 * v : k0;
      }
      const x = muDt + drift + k1 * v + k2 * vNext + Math.sqrt(k3 * v + k4 * vNext) * normals.next();
      logS += x;
      v = vNext;
      prices[t] = Math.exp(logS);
      if (lr !== null) lr[t] = x;
      if (variances !== null) variances[t] = v;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Semi-analytic European call price, the independent reference the QE simulation is tested against
// (and usable by option products that want Heston prices).

/** Minimal complex arithmetic on [re, im] pairs; only used by the pricing integral, not in hot loops. */
type C = [number, number];
const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const csub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
function cdiv(a: C, b: C): C {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
}
function cexp(a: C): C {
  const r = Math.exp(a[0]);
  return [r * Math.cos(a[1]), r * Math.sin(a[1])];
}
function clog(a: C): C {
  return [Math.log(Math.hypot(a[0], a[1])), Math.atan2(a[1], a[0])];
}
function csqrt(a: C): C {
  const r = Math.hypot(a[0], a[1]);
  const re = Math.sqrt(0.5 * (r + a[0]));
  const im = Math.sqrt(0.5 * (r - a[0]));
  return [re, a[1] < 0 ? -im : im];
}

/**
 * Characteristic function E[exp(i u X)] of X = ln(S_T / F), F the forward, at a complex argument
 * u, in the "little Heston trap" form (Albrecher et al. 2007, as written by Gatheral) that stays on
 * the principal branch of the complex logarithm.
 */
function hestonCf(u: C, p: Pick<HestonParams, 'v0' | 'kappa' | 'theta' | 'xi' | 'rho'>, T: number): C {
  const { v0, kappa, theta, xi, rho } = p;
  const iu: C = [-u[1], u[0]];
  const beta = csub([kappa, 0], cmul([rho * xi, 0], iu)); // kappa - rho xi i u
  // d = sqrt(beta^2 + xi^2 (u^2 + i u))
  const d = csqrt(cadd(cmul(beta, beta), cmul([xi * xi, 0], cadd(cmul(u, u), iu))));
  const bMinusD = csub(beta, d);
  const g = cdiv(bMinusD, cadd(beta, d));
  const edT = cexp([-d[0] * T, -d[1] * T]);
  const oneMinusGe = csub([1, 0], cmul(g, edT));
  const xi2 = xi * xi;
  const cPart = cmul([(kappa * theta) / xi2, 0], csub([bMinusD[0] * T, bMinusD[1] * T], cmul([2, 0], clog(cdiv(oneMinusGe, csub([1, 0], g))))));
  const dPart = cmul([1 / xi2, 0], cmul(bMinusD, cdiv(csub([1, 0], edT), oneMinusGe)));
  return cexp(cadd(cPart, cmul(dPart, [v0, 0])));
}

/**
 * Price of a European call under Heston with a continuously compounded rate `rate` per year (pass
 * mu for the expected payoff under the simulated measure, discounted at mu), strike in quote per
 * base, maturity in years. Lewis's (2000) single-integral formula
 *   C = e^{-rT} [F - sqrt(F K) / pi * int_0^inf Re(e^{i u ln(F/K)} phi(u - i/2)) / (u^2 + 1/4) du],
 * integrated by Simpson's rule on [0, 400] (the integrand decays exponentially in u for T v > 0).
 * Accurate to about 1e-8 of s0 for T xi, T v0 of order 0.01 to 10; requires xi > 0.
 */
export function hestonCallPrice(p: Omit<HestonParams, 'mu' | 'name'>, strike: number, years: number, rate = 0): number {
  if (!(p.xi > 0)) throw new ModelError('hestonCallPrice: needs xi > 0 (use Black-Scholes with the integrated variance when xi = 0)');
  const F = p.s0 * Math.exp(rate * years);
  const x = Math.log(F / strike);
  const upper = 400, n = 40_000; // even
  const h = upper / n;
  let sum = 0;
  for (let j = 0; j <= n; j++) {
    const u = j * h;
    const phi = hestonCf([u, -0.5], p, years);
    // Re(e^{i u x} phi)
    const re = Math.cos(u * x) * phi[0] - Math.sin(u * x) * phi[1];
    const f = re / (u * u + 0.25);
    sum += (j === 0 || j === n ? 1 : j % 2 === 1 ? 4 : 2) * f;
  }
  const integral = (sum * h) / 3;
  return Math.exp(-rate * years) * (F - (Math.sqrt(F * strike) / Math.PI) * integral);
}

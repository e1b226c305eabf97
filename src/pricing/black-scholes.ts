/**
 * Black-Scholes-Merton prices and Greeks of European calls and puts on an underlying that pays a
 * continuous carry yield `q` (dividend, staking or perpetual funding yield).
 *
 * Units (docs/conventions.md):
 * - `S` spot and `K` strike in quote per base; `T` time to expiry in years of 365 days;
 * - `r` and `q` per year, continuously compounded; `sigma` volatility per sqrt(year);
 * - Greeks per option on one unit of underlying: delta per unit of price, gamma per price^2,
 *   **vega per 1.00 of volatility**, **theta per year** (dV/dt in calendar time, i.e. -dV/dT), rho
 *   per 1.00 of `r` with `q` held fixed.
 *
 * Accuracy: the cumulative normal is `normalCdf` from src/core/normal.ts (Cody's ACM TOMS 715
 * rational approximations, relative error below 1e-15 in the body and absolute error below 1e-16 in
 * the tails). That is eight orders of magnitude tighter than the 1e-7 the pricing needs, so the error
 * budget here is float rounding in the formulas, not the CDF. Tail probabilities are taken as
 * `normalCdf(-d)` rather than `1 - normalCdf(d)`, so deep in- and out-of-the-money prices keep their
 * relative accuracy: about 1e-15 near the money, degrading far out of the money, where the two terms of
 * the formula agree to 1 - sigma sqrt(T) / |d1| and rounding in d1 is amplified (about 4e-12 relative
 * at |d1| = 20, a price near 1e-90 of spot).
 *
 * Limits, chosen so that every function returns a finite number for every valid input:
 * - `T <= 0` (expired): price is the intrinsic value `max(S - K, 0)` / `max(K - S, 0)`; delta is the
 *   step 1/0 for calls and -1/0 for puts (exactly at the strike it is the midpoint +-0.5, the limit of
 *   the formula); gamma, vega, theta and rho are 0 because the option no longer depends on time,
 *   volatility or rates.
 * - `sigma * sqrt(T) = 0` with `T > 0`: the forward is certain, so the price is the discounted forward
 *   intrinsic `max(S e^{-qT} - K e^{-rT}, 0)` and delta is a step at `F = K` (0.5 e^{-qT} exactly at
 *   it). Gamma is reported as 0: its true value is a point mass at `F = K`, which a number cannot hold.
 *   Vega is the limit of the formula, nonzero only when `F = K`.
 * - Deep ITM/OTM: `d1`, `d2` may be +-Infinity; `normalCdf` saturates to 0/1 and the density to 0.
 *
 * Hot-loop use: every function is scalar and allocation-free. `bsGreeks` and `bsGreeksInto` write
 * all six outputs into caller-provided storage. Bad inputs throw a ModelError naming the parameter;
 * the check is a handful of comparisons and the message is built only on failure.
 */
import { ModelError } from '../core/errors.js';
import { normalCdf } from '../core/normal.js';

const INV_SQRT_2PI = 0.3989422804014327;

/** All outputs of one Black-Scholes evaluation, in the units of the module doc. */
export interface BsGreeks {
  price: number;
  delta: number;
  gamma: number;
  /** Per 1.00 of volatility. */
  vega: number;
  /** Per year of calendar time. */
  theta: number;
  /** Per 1.00 of the rate r. */
  rho: number;
}

/** A zeroed BsGreeks to reuse across calls of `bsGreeks`. */
export function createBsGreeks(): BsGreeks {
  return { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 };
}

/** Slot order used by `bsGreeksInto`: out[offset + GREEK_PRICE] is the price, and so on. */
export const GREEK_PRICE = 0;
export const GREEK_DELTA = 1;
export const GREEK_GAMMA = 2;
export const GREEK_VEGA = 3;
export const GREEK_THETA = 4;
export const GREEK_RHO = 5;
/** Number of slots one option occupies in a `bsGreeksInto` array. */
export const GREEK_COUNT = 6;

/** Throws a ModelError naming the first invalid parameter. Kept out of line so callers stay small. */
function badInput(fn: string, S: number, K: number, T: number, r: number, q: number, sigma: number): never {
  const [name, value, allowed] =
    !(S > 0 && S < Infinity) ? ['S (spot)', S, 'a finite number > 0']
    : !(K > 0 && K < Infinity) ? ['K (strike)', K, 'a finite number > 0']
    : !Number.isFinite(T) ? ['T (years to expiry)', T, 'a finite number (T <= 0 means expired)']
    : !Number.isFinite(r) ? ['r (rate per year)', r, 'a finite number']
    : !Number.isFinite(q) ? ['q (carry yield per year)', q, 'a finite number']
    : ['sigma (volatility per sqrt year)', sigma, 'a finite number >= 0'];
  throw new ModelError(`${fn}: ${name} must be ${allowed}, got ${value}`);
}

/** True when all inputs are valid. Written as positive comparisons so NaN fails every test. */
function valid(S: number, K: number, T: number, r: number, q: number, sigma: number): boolean {
  return S > 0 && S < Infinity && K > 0 && K < Infinity && T > -Infinity && T < Infinity &&
    r > -Infinity && r < Infinity && q > -Infinity && q < Infinity && sigma >= 0 && sigma < Infinity;
}

/**
 * d1 = ln(F/K) / (sigma sqrt T) + sigma sqrt(T) / 2 with F = S e^{(r-q)T}.
 * At sigma sqrt(T) = 0 it is the limit: +-Infinity off the forward, 0 at F = K. T <= 0 counts as 0.
 */
export function bsD1(S: number, K: number, T: number, r: number, q: number, sigma: number): number {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsD1', S, K, T, r, q, sigma);
  const tau = T > 0 ? T : 0;
  const sd = sigma * Math.sqrt(tau);
  const x = Math.log(S / K) + (r - q) * tau;
  if (sd > 0) return x / sd + 0.5 * sd;
  return x > 0 ? Infinity : x < 0 ? -Infinity : 0;
}

/** d2 = d1 - sigma sqrt(T), with the same limits as `bsD1`. */
export function bsD2(S: number, K: number, T: number, r: number, q: number, sigma: number): number {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsD2', S, K, T, r, q, sigma);
  const tau = T > 0 ? T : 0;
  const sd = sigma * Math.sqrt(tau);
  const x = Math.log(S / K) + (r - q) * tau;
  if (sd > 0) return x / sd - 0.5 * sd;
  return x > 0 ? Infinity : x < 0 ? -Infinity : 0;
}

/** Option value in quote per option on one unit of underlying. */
export function bsPrice(isCall: boolean, S: number, K: number, T: number, r: number, q: number, sigma: number): number {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsPrice', S, K, T, r, q, sigma);
  const tau = T > 0 ? T : 0;
  const sd = sigma * Math.sqrt(tau);
  const fS = S * Math.exp(-q * tau); // S e^{-qT}: present value of the delivered unit
  const pK = K * Math.exp(-r * tau); // K e^{-rT}: present value of the strike
  if (sd > 0) {
    const d1 = (Math.log(S / K) + (r - q) * tau) / sd + 0.5 * sd;
    const d2 = d1 - sd;
    return isCall ? fS * normalCdf(d1) - pK * normalCdf(d2) : pK * normalCdf(-d2) - fS * normalCdf(-d1);
  }
  const v = isCall ? fS - pK : pK - fS;
  return v > 0 ? v : 0;
}

/** dV/dS: e^{-qT} N(d1) for a call, -e^{-qT} N(-d1) for a put. */
export function bsDelta(isCall: boolean, S: number, K: number, T: number, r: number, q: number, sigma: number): number {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsDelta', S, K, T, r, q, sigma);
  const tau = T > 0 ? T : 0;
  const sd = sigma * Math.sqrt(tau);
  const dfQ = Math.exp(-q * tau);
  const x = Math.log(S / K) + (r - q) * tau;
  let p: number; // N(d1) for a call, N(-d1) for a put
  if (sd > 0) {
    const d1 = x / sd + 0.5 * sd;
    p = normalCdf(isCall ? d1 : -d1);
  } else {
    p = x === 0 ? 0.5 : (x > 0) === isCall ? 1 : 0;
  }
  return isCall ? dfQ * p : -dfQ * p;
}

/** d^2V/dS^2 = e^{-qT} n(d1) / (S sigma sqrt T), the same for calls and puts; 0 where sigma sqrt T = 0. */
export function bsGamma(S: number, K: number, T: number, r: number, q: number, sigma: number): number {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsGamma', S, K, T, r, q, sigma);
  const tau = T > 0 ? T : 0;
  const sd = sigma * Math.sqrt(tau);
  if (!(sd > 0)) return 0;
  const d1 = (Math.log(S / K) + (r - q) * tau) / sd + 0.5 * sd;
  return (Math.exp(-q * tau) * INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1)) / (S * sd);
}

/** dV/dsigma per 1.00 of volatility = S e^{-qT} n(d1) sqrt T, the same for calls and puts. */
export function bsVega(S: number, K: number, T: number, r: number, q: number, sigma: number): number {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsVega', S, K, T, r, q, sigma);
  if (!(T > 0)) return 0;
  const sqrtT = Math.sqrt(T);
  const sd = sigma * sqrtT;
  const x = Math.log(S / K) + (r - q) * T;
  return S * Math.exp(-q * T) * sqrtT * densityAtD1(x, sd);
}

/**
 * Theta per year, dV/dt = -dV/dT:
 * call -S e^{-qT} n(d1) sigma / (2 sqrt T) - r K e^{-rT} N(d2) + q S e^{-qT} N(d1);
 * put  -S e^{-qT} n(d1) sigma / (2 sqrt T) + r K e^{-rT} N(-d2) - q S e^{-qT} N(-d1).
 * 0 for an expired option.
 */
export function bsTheta(isCall: boolean, S: number, K: number, T: number, r: number, q: number, sigma: number): number {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsTheta', S, K, T, r, q, sigma);
  if (!(T > 0)) return 0;
  const sqrtT = Math.sqrt(T);
  const sd = sigma * sqrtT;
  const fS = S * Math.exp(-q * T);
  const pK = K * Math.exp(-r * T);
  const x = Math.log(S / K) + (r - q) * T;
  let p1: number, p2: number; // N(+-d1), N(+-d2), sign + for calls
  if (sd > 0) {
    const d1 = x / sd + 0.5 * sd;
    p1 = normalCdf(isCall ? d1 : -d1);
    p2 = normalCdf(isCall ? d1 - sd : sd - d1);
  } else {
    p1 = p2 = x === 0 ? 0.5 : (x > 0) === isCall ? 1 : 0;
  }
  const decay = (-fS * densityAtD1(x, sd) * sigma) / (2 * sqrtT);
  return isCall ? decay - r * pK * p2 + q * fS * p1 : decay + r * pK * p2 - q * fS * p1;
}

/** dV/dr per 1.00 of rate: K T e^{-rT} N(d2) for a call, -K T e^{-rT} N(-d2) for a put; 0 if expired. */
export function bsRho(isCall: boolean, S: number, K: number, T: number, r: number, q: number, sigma: number): number {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsRho', S, K, T, r, q, sigma);
  if (!(T > 0)) return 0;
  const sd = sigma * Math.sqrt(T);
  const x = Math.log(S / K) + (r - q) * T;
  let p2: number;
  if (sd > 0) {
    const d2 = x / sd - 0.5 * sd;
    p2 = normalCdf(isCall ? d2 : -d2);
  } else {
    p2 = x === 0 ? 0.5 : (x > 0) === isCall ? 1 : 0;
  }
  const kt = K * T * Math.exp(-r * T);
  return isCall ? kt * p2 : -kt * p2;
}

/** n(d1) given x = ln(F/K) and sd = sigma sqrt T, with its limit 1/sqrt(2 pi) or 0 at sd = 0. */
function densityAtD1(x: number, sd: number): number {
  if (sd > 0) {
    const d1 = x / sd + 0.5 * sd;
    return INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
  }
  return x === 0 ? INV_SQRT_2PI : 0;
}

/** Scratch for the shared core; single-threaded JS makes one module-level buffer safe. */
const scratch = new Float64Array(GREEK_COUNT);

/**
 * Price and all five Greeks written into `out[offset .. offset + 6)` in GREEK_* slot order.
 * One log, two exps, two CDFs and one density: cheaper than calling the scalar functions in turn.
 */
export function bsGreeksInto(
  isCall: boolean, S: number, K: number, T: number, r: number, q: number, sigma: number,
  out: Float64Array, offset = 0,
): void {
  if (!valid(S, K, T, r, q, sigma)) badInput('bsGreeksInto', S, K, T, r, q, sigma);
  const tau = T > 0 ? T : 0;
  const sqrtT = Math.sqrt(tau);
  const sd = sigma * sqrtT;
  const dfQ = Math.exp(-q * tau);
  const dfR = Math.exp(-r * tau);
  const fS = S * dfQ;
  const pK = K * dfR;
  const x = Math.log(S / K) + (r - q) * tau;
  let p1: number, p2: number, n1: number;
  if (sd > 0) {
    const d1 = x / sd + 0.5 * sd;
    p1 = normalCdf(isCall ? d1 : -d1);
    p2 = normalCdf(isCall ? d1 - sd : sd - d1);
    n1 = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
  } else {
    p1 = p2 = x === 0 ? 0.5 : (x > 0) === isCall ? 1 : 0;
    n1 = x === 0 ? INV_SQRT_2PI : 0;
  }
  if (isCall) {
    const v = fS * p1 - pK * p2;
    out[offset + GREEK_PRICE] = sd > 0 ? v : v > 0 ? v : 0;
    out[offset + GREEK_DELTA] = dfQ * p1;
  } else {
    const v = pK * p2 - fS * p1;
    out[offset + GREEK_PRICE] = sd > 0 ? v : v > 0 ? v : 0;
    out[offset + GREEK_DELTA] = -dfQ * p1;
  }
  out[offset + GREEK_GAMMA] = sd > 0 ? (dfQ * n1) / (S * sd) : 0;
  if (tau > 0) {
    out[offset + GREEK_VEGA] = fS * n1 * sqrtT;
    const decay = (-fS * n1 * sigma) / (2 * sqrtT);
    out[offset + GREEK_THETA] = isCall ? decay - r * pK * p2 + q * fS * p1 : decay + r * pK * p2 - q * fS * p1;
    out[offset + GREEK_RHO] = isCall ? tau * pK * p2 : -tau * pK * p2;
  } else {
    out[offset + GREEK_VEGA] = 0;
    out[offset + GREEK_THETA] = 0;
    out[offset + GREEK_RHO] = 0;
  }
}

/** Price and all five Greeks written into a reusable object (see `createBsGreeks`); returns `out`. */
export function bsGreeks(
  isCall: boolean, S: number, K: number, T: number, r: number, q: number, sigma: number, out: BsGreeks,
): BsGreeks {
  bsGreeksInto(isCall, S, K, T, r, q, sigma, scratch, 0);
  out.price = scratch[GREEK_PRICE];
  out.delta = scratch[GREEK_DELTA];
  out.gamma = scratch[GREEK_GAMMA];
  out.vega = scratch[GREEK_VEGA];
  out.theta = scratch[GREEK_THETA];
  out.rho = scratch[GREEK_RHO];
  return out;
}

/**
 * Balancer v2 weighted-pool math in 18-decimal fixed point on bigint, ported from the contracts
 * so that amounts match the chain to the wei: `FixedPoint.sol` (mulDown/mulUp/divDown/divUp,
 * powDown/powUp with their 1e-14 relative error margin, complement), `LogExpMath.sol` (ln and exp
 * by decomposition into precomputed e^(2^k) factors plus a short series, with a 36-decimal ln near
 * 1) and `WeightedMath.sol` (invariant, out-given-in, in-given-out and their 30% ratio limits).
 *
 * Float64 versions of the swap formulas are at the bottom, for Monte Carlo. The difference we
 * accept is the contract's deliberate rounding: powUp/powDown move the power (a number near 1) by a
 * relative 1e-14 plus 1 wei in the pool's favour, and every mul/div rounds at 1e-18. That shifts an
 * amount by about 1e-14 of the pool BALANCE, so relative to the trade it is 1e-14 x balance/trade
 * (1e-11 for a trade of 0.1% of the pool, 1e-8 for 1e-6 of it); exponents of exactly 1, 2 and 4
 * (50/50, 80/20 into the heavy side) use exact squares and have no margin. The float output is
 * never below the exact one. weighted.test.ts measures it: within 2e-14 of the balance.
 *
 * Reverts raise ChainMathError with Balancer's code as the reason ('BAL#004' for a zero division,
 * ...); pool limits raise PoolLimitError naming the limit.
 */
import { ChainMathError, PoolLimitError } from '../core/errors.js';

/** 1.0 in 18-decimal fixed point. */
export const ONE = 10n ** 18n;
const TWO = 2n * ONE;
const FOUR = 4n * ONE;
const MAX_UINT256 = (1n << 256n) - 1n;
/** powDown/powUp error margin, 1e-14 relative (FixedPoint.MAX_POW_RELATIVE_ERROR). */
const MAX_POW_RELATIVE_ERROR = 10000n;

/** Balancer's error codes used here (BalancerErrors.sol). */
export const BAL = {
  ADD_OVERFLOW: 0,
  SUB_OVERFLOW: 1,
  MUL_OVERFLOW: 3,
  ZERO_DIVISION: 4,
  DIV_INTERNAL: 5,
  X_OUT_OF_BOUNDS: 6,
  Y_OUT_OF_BOUNDS: 7,
  PRODUCT_OUT_OF_BOUNDS: 8,
  INVALID_EXPONENT: 9,
  OUT_OF_BOUNDS: 100,
  MIN_TOKENS: 200,
  MAX_SWAP_FEE_PERCENTAGE: 202,
  MIN_SWAP_FEE_PERCENTAGE: 203,
  MIN_WEIGHT: 302,
  MAX_IN_RATIO: 304,
  MAX_OUT_RATIO: 305,
  NORMALIZED_WEIGHT_INVARIANT: 308,
  ZERO_INVARIANT: 311,
  GRADUAL_UPDATE_TIME_TRAVEL: 326,
  SWAPS_DISABLED: 327,
} as const;

/** 'BAL#304' style reason string, as Balancer's `_revert` formats it. */
export function balReason(code: number): string {
  return `BAL#${String(code).padStart(3, '0')}`;
}

function fail(name: keyof typeof BAL, detail: string): never {
  throw new ChainMathError(balReason(BAL[name]), `${name}: ${detail}`);
}

/** Throws PoolLimitError naming the limit, with Balancer's code as the reason. */
export function limitError(name: keyof typeof BAL, detail: string): PoolLimitError {
  return new PoolLimitError(name, balReason(BAL[name]), `${name} (${balReason(BAL[name])}): ${detail}`);
}

// ------------------------------------------------------------------------------------------------
// FixedPoint

export function add(a: bigint, b: bigint): bigint {
  const c = a + b;
  if (c > MAX_UINT256) fail('ADD_OVERFLOW', `${a} + ${b}`);
  return c;
}

export function sub(a: bigint, b: bigint): bigint {
  if (b > a) fail('SUB_OVERFLOW', `${a} - ${b}`);
  return a - b;
}

/** a * b / 1e18 ROUNDED DOWN. */
export function mulDown(a: bigint, b: bigint): bigint {
  const product = a * b;
  if (product > MAX_UINT256) fail('MUL_OVERFLOW', `${a} * ${b}`);
  return product / ONE;
}

/** a * b / 1e18 ROUNDED UP (0 stays 0). */
export function mulUp(a: bigint, b: bigint): bigint {
  const product = a * b;
  if (product > MAX_UINT256) fail('MUL_OVERFLOW', `${a} * ${b}`);
  return product === 0n ? 0n : (product - 1n) / ONE + 1n;
}

/** a * 1e18 / b ROUNDED DOWN. */
export function divDown(a: bigint, b: bigint): bigint {
  if (b === 0n) fail('ZERO_DIVISION', `${a} / 0`);
  const inflated = a * ONE;
  if (inflated > MAX_UINT256) fail('DIV_INTERNAL', `${a} * 1e18 overflows`);
  return inflated / b;
}

/** a * 1e18 / b ROUNDED UP (0 stays 0). */
export function divUp(a: bigint, b: bigint): bigint {
  if (b === 0n) fail('ZERO_DIVISION', `${a} / 0`);
  const inflated = a * ONE;
  if (inflated > MAX_UINT256) fail('DIV_INTERNAL', `${a} * 1e18 overflows`);
  return inflated === 0n ? 0n : (inflated - 1n) / b + 1n;
}

/** 1 - x, floored at 0 (FixedPoint.complement strips a relative error that overshoots 1). */
export function complement(x: bigint): bigint {
  return x < ONE ? ONE - x : 0n;
}

/**
 * x^y with a result never ABOVE the true value: exact shortcuts for y = 1, 2, 4 (the 50/50 and
 * 80/20 exponents), otherwise LogExpMath.pow minus its error margin raw * 1e-14 + 1, floored at 0.
 */
export function powDown(x: bigint, y: bigint): bigint {
  if (y === ONE) return x;
  if (y === TWO) return mulDown(x, x);
  if (y === FOUR) {
    const square = mulDown(x, x);
    return mulDown(square, square);
  }
  const raw = pow(x, y);
  const maxError = add(mulUp(raw, MAX_POW_RELATIVE_ERROR), 1n);
  return raw < maxError ? 0n : sub(raw, maxError);
}

/** x^y with a result never BELOW the true value: shortcuts for y = 1, 2, 4, else pow plus the margin. */
export function powUp(x: bigint, y: bigint): bigint {
  if (y === ONE) return x;
  if (y === TWO) return mulUp(x, x);
  if (y === FOUR) {
    const square = mulUp(x, x);
    return mulUp(square, square);
  }
  const raw = pow(x, y);
  return add(raw, add(mulUp(raw, MAX_POW_RELATIVE_ERROR), 1n));
}

// ------------------------------------------------------------------------------------------------
// LogExpMath. Signed arithmetic: bigint `/` and `%` truncate toward zero, as Solidity's int256.

const ONE_18 = ONE;
const ONE_20 = 10n ** 20n;
const ONE_36 = 10n ** 36n;
const MAX_NATURAL_EXPONENT = 130n * ONE_18;
const MIN_NATURAL_EXPONENT = -41n * ONE_18;
const LN_36_LOWER_BOUND = ONE_18 - 10n ** 17n;
const LN_36_UPPER_BOUND = ONE_18 + 10n ** 17n;
const MILD_EXPONENT_BOUND = (1n << 254n) / ONE_20;

/** e^128 and e^64 as plain integers (too large for 18 decimals), with their exponents in 18 decimals. */
const X0 = 128n * ONE_18;
const A0 = 38877084059945950922200000000000000000000000000000000000n;
const X1 = 64n * ONE_18;
const A1 = 6235149080811616882910000000n;

/**
 * e^(2^k) for k = 5 .. -4 in 20-decimal fixed point, with the exponents (also 20 decimals):
 * the contract's table a2 .. a11.
 */
export const EXP_TABLE_20: readonly (readonly [bigint, bigint])[] = [
  [3200000000000000000000n, 7896296018268069516100000000000000n],
  [1600000000000000000000n, 888611052050787263676000000n],
  [800000000000000000000n, 298095798704172827474000n],
  [400000000000000000000n, 5459815003314423907810n],
  [200000000000000000000n, 738905609893065022723n],
  [100000000000000000000n, 271828182845904523536n],
  [50000000000000000000n, 164872127070012814685n],
  [25000000000000000000n, 128402541668774148407n],
  [12500000000000000000n, 113314845306682631683n],
  [6250000000000000000n, 106449445891785942956n],
];
export const EXP_TABLE_BIG: readonly (readonly [bigint, bigint])[] = [
  [X0, A0],
  [X1, A1],
];

/** x^y for 18-decimal x, y >= 0 as exp(y ln x) (LogExpMath.pow), using the 36-decimal ln near 1. */
export function pow(x: bigint, y: bigint): bigint {
  if (y === 0n) return ONE_18;
  if (x === 0n) return 0n;
  if (x >> 255n !== 0n) fail('X_OUT_OF_BOUNDS', `base ${x}`);
  if (!(y < MILD_EXPONENT_BOUND)) fail('Y_OUT_OF_BOUNDS', `exponent ${y}`);
  let logxTimesY: bigint;
  if (LN_36_LOWER_BOUND < x && x < LN_36_UPPER_BOUND) {
    const ln36 = ln36Of(x);
    // Two 18-decimal products keep the 36-decimal log from overflowing when multiplied by y.
    logxTimesY = (ln36 / ONE_18) * y + ((ln36 % ONE_18) * y) / ONE_18;
  } else {
    logxTimesY = lnOf(x) * y;
  }
  logxTimesY /= ONE_18;
  if (!(MIN_NATURAL_EXPONENT <= logxTimesY && logxTimesY <= MAX_NATURAL_EXPONENT)) fail('PRODUCT_OUT_OF_BOUNDS', `y ln x = ${logxTimesY}`);
  return exp(logxTimesY);
}

/** e^x for 18-decimal x in [-41, 130] (LogExpMath.exp): powers-of-two decomposition, then 12 series terms. */
export function exp(x: bigint): bigint {
  if (!(x >= MIN_NATURAL_EXPONENT && x <= MAX_NATURAL_EXPONENT)) fail('INVALID_EXPONENT', `exp(${x})`);
  if (x < 0n) return (ONE_18 * ONE_18) / exp(-x);
  let firstAN: bigint;
  if (x >= X0) {
    x -= X0;
    firstAN = A0;
  } else if (x >= X1) {
    x -= X1;
    firstAN = A1;
  } else {
    firstAN = 1n;
  }
  x *= 100n; // to 20 decimals
  let product = ONE_20;
  // a2 .. a9 (x10 and x11 are not needed for exp).
  for (let i = 0; i < 8; i++) {
    const [xn, an] = EXP_TABLE_20[i];
    if (x >= xn) {
      x -= xn;
      product = (product * an) / ONE_20;
    }
  }
  let seriesSum = ONE_20;
  let term = x;
  seriesSum += term;
  for (let n = 2n; n <= 12n; n++) {
    term = (term * x) / ONE_20 / n;
    seriesSum += term;
  }
  return (((product * seriesSum) / ONE_20) * firstAN) / 100n;
}

/** ln(a) for 18-decimal a > 0 (LogExpMath.ln). */
export function ln(a: bigint): bigint {
  if (!(a > 0n)) fail('OUT_OF_BOUNDS', `ln(${a})`);
  return LN_36_LOWER_BOUND < a && a < LN_36_UPPER_BOUND ? ln36Of(a) / ONE_18 : lnOf(a);
}

/** LogExpMath._ln: divide out e^(2^k) factors, then 2 atanh((a-1)/(a+1)) with 6 terms, in 20 decimals. */
function lnOf(a: bigint): bigint {
  if (a < ONE_18) return -lnOf((ONE_18 * ONE_18) / a);
  let sum = 0n;
  if (a >= A0 * ONE_18) {
    a /= A0;
    sum += X0;
  }
  if (a >= A1 * ONE_18) {
    a /= A1;
    sum += X1;
  }
  sum *= 100n;
  a *= 100n;
  for (const [xn, an] of EXP_TABLE_20) {
    if (a >= an) {
      a = (a * ONE_20) / an;
      sum += xn;
    }
  }
  const z = ((a - ONE_20) * ONE_20) / (a + ONE_20);
  const zSquared = (z * z) / ONE_20;
  let num = z;
  let seriesSum = num;
  for (let d = 3n; d <= 11n; d += 2n) {
    num = (num * zSquared) / ONE_20;
    seriesSum += num / d;
  }
  seriesSum *= 2n;
  return (sum + seriesSum) / 100n;
}

/** LogExpMath._ln_36: ln near 1 with 36 decimals, 2 atanh series with 8 terms. */
function ln36Of(x: bigint): bigint {
  x *= ONE_18;
  const z = ((x - ONE_36) * ONE_36) / (x + ONE_36);
  const zSquared = (z * z) / ONE_36;
  let num = z;
  let seriesSum = num;
  for (let d = 3n; d <= 15n; d += 2n) {
    num = (num * zSquared) / ONE_36;
    seriesSum += num / d;
  }
  return seriesSum * 2n;
}

// ------------------------------------------------------------------------------------------------
// WeightedMath

/** Normalized weights may not go below 1% (WeightedMath._MIN_WEIGHT). */
export const MIN_WEIGHT = ONE / 100n;
/** Swaps may not take in or pay out more than 30% of a balance. */
export const MAX_IN_RATIO = (3n * ONE) / 10n;
export const MAX_OUT_RATIO = (3n * ONE) / 10n;

/** V = prod B_i^w_i, ROUNDED DOWN (WeightedMath._calculateInvariant); 'BAL#311' when zero. */
export function calculateInvariant(normalizedWeights: readonly bigint[], balances: readonly bigint[]): bigint {
  let invariant = ONE;
  for (let i = 0; i < normalizedWeights.length; i++) invariant = mulDown(invariant, powDown(balances[i], normalizedWeights[i]));
  if (!(invariant > 0n)) fail('ZERO_INVARIANT', 'invariant is zero');
  return invariant;
}

/**
 * Out given in, fee already deducted from `amountIn` (WeightedMath._calcOutGivenIn):
 * bOut * (1 - (bIn / (bIn + aIn))^(wIn / wOut)). The output rounds DOWN: the base and power round
 * UP, the exponent DOWN (the base is below one). Limit: aIn <= 30% of bIn ('BAL#304').
 */
export function calcOutGivenIn(balanceIn: bigint, weightIn: bigint, balanceOut: bigint, weightOut: bigint, amountIn: bigint): bigint {
  if (amountIn > mulDown(balanceIn, MAX_IN_RATIO)) {
    throw limitError('MAX_IN_RATIO', `amount in ${amountIn} exceeds 30% of the balance ${balanceIn}`);
  }
  const base = divUp(balanceIn, add(balanceIn, amountIn));
  const exponent = divDown(weightIn, weightOut);
  const power = powUp(base, exponent);
  return mulDown(balanceOut, complement(power));
}

/**
 * In given out, before the fee (WeightedMath._calcInGivenOut):
 * bIn * ((bOut / (bOut - aOut))^(wOut / wIn) - 1). The input rounds UP (base, exponent and power
 * all round up). Limit: aOut <= 30% of bOut ('BAL#305').
 */
export function calcInGivenOut(balanceIn: bigint, weightIn: bigint, balanceOut: bigint, weightOut: bigint, amountOut: bigint): bigint {
  if (amountOut > mulDown(balanceOut, MAX_OUT_RATIO)) {
    throw limitError('MAX_OUT_RATIO', `amount out ${amountOut} exceeds 30% of the balance ${balanceOut}`);
  }
  const base = divUp(balanceOut, sub(balanceOut, amountOut));
  const exponent = divUp(weightOut, weightIn);
  const power = powUp(base, exponent);
  return mulUp(balanceIn, sub(power, ONE));
}

// ------------------------------------------------------------------------------------------------
// Float64 versions (Monte Carlo). Weights are fractions, fee a fraction of the input.

/** bOut (1 - (bIn / (bIn + aIn (1 - fee)))^(wIn / wOut)). */
export function outGivenInFloat(balanceIn: number, weightIn: number, balanceOut: number, weightOut: number, amountIn: number, fee: number): number {
  // -expm1(w ln(b)) with ln(b) = -log1p(a / bIn) keeps precision for small trades, where the
  // power is close to 1 (a plain log of the ratio loses ~1e-16 / (a / bIn) relative).
  return balanceOut * -Math.expm1(-(weightIn / weightOut) * Math.log1p((amountIn * (1 - fee)) / balanceIn));
}

/** bIn ((bOut / (bOut - aOut))^(wOut / wIn) - 1) / (1 - fee). */
export function inGivenOutFloat(balanceIn: number, weightIn: number, balanceOut: number, weightOut: number, amountOut: number, fee: number): number {
  return (balanceIn * Math.expm1(-(weightOut / weightIn) * Math.log1p(-amountOut / balanceOut))) / (1 - fee);
}

/** Spot price of the out token in units of the in token: (bIn / wIn) / (bOut / wOut), divided by (1 - fee) when `fee` > 0. */
export function spotPriceFloat(balanceIn: number, weightIn: number, balanceOut: number, weightOut: number, fee = 0): number {
  return balanceIn / weightIn / (balanceOut / weightOut) / (1 - fee);
}

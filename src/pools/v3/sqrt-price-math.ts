/**
 * Token amounts between two prices and the price reached by an amount, a port of v3-core
 * `SqrtPriceMath.sol`.
 *
 * Rounding rule of the contract, kept everywhere: what the pool receives rounds UP, what it pays
 * rounds DOWN, and a price computed from an amount rounds so that the pool is never short (from an
 * input of token0 the price rounds up, i.e. moves less; from token1 in it rounds down; from an
 * output the price rounds past the exact point so the output is covered). The overflow fallbacks of
 * the contract (its uint256 products) are reproduced, since near MAX price with amounts around 1e30
 * they change the result.
 */
import {
  MAX_UINT160,
  MAX_UINT256,
  Q96,
  addUint256,
  divRoundingUp,
  mulDiv,
  mulDivRoundingUp,
  revert,
  toInt256,
  toUint160,
} from './full-math.js';

/**
 * Next sqrt price after adding (`add`) or removing `amount` of token0 at constant liquidity:
 * L*s / (L + amount*s) in Q96, ROUNDED UP (getNextSqrtPriceFromAmount0RoundingUp). When
 * amount*s overflows 256 bits the contract switches to the algebraically equal
 * ceil(L / (L/s + amount)), which rounds differently; mirrored.
 */
export function getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtPX96;
  const numerator1 = liquidity << 96n;
  const product = amount * sqrtPX96;
  if (add) {
    // `product / amount == sqrtPX96` in the contract is true exactly when the product did not wrap.
    if (product <= MAX_UINT256) {
      const denominator = numerator1 + product;
      if (denominator <= MAX_UINT256) return mulDivRoundingUp(numerator1, sqrtPX96, denominator);
    }
    return divRoundingUp(numerator1, addUint256(numerator1 / sqrtPX96, amount));
  }
  if (!(product <= MAX_UINT256 && numerator1 > product)) {
    revert('SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp: token0 out is not below the virtual reserve');
  }
  return toUint160(mulDivRoundingUp(numerator1, sqrtPX96, numerator1 - product));
}

/**
 * Next sqrt price after adding or removing `amount` of token1: s +- amount / L in Q96. Adding
 * ROUNDS DOWN the increment; removing ROUNDS UP the decrement, so in both cases the price is the
 * lower neighbour (getNextSqrtPriceFromAmount1RoundingDown).
 */
export function getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (add) {
    let quotient: bigint;
    if (amount <= MAX_UINT160) {
      if (liquidity === 0n) revert('SqrtPriceMath.getNextSqrtPriceFromAmount1RoundingDown: division by zero liquidity');
      quotient = (amount << 96n) / liquidity;
    } else {
      quotient = mulDiv(amount, Q96, liquidity);
    }
    return toUint160(addUint256(sqrtPX96, quotient));
  }
  const quotient = amount <= MAX_UINT160 ? divRoundingUp(amount << 96n, liquidity) : mulDivRoundingUp(amount, Q96, liquidity);
  if (!(sqrtPX96 > quotient)) revert('SqrtPriceMath.getNextSqrtPriceFromAmount1RoundingDown: token1 out exceeds the virtual reserve');
  return sqrtPX96 - quotient;
}

/** Price after `amountIn` enters: token0 in moves the price down (zeroForOne). Mirrors getNextSqrtPriceFromInput. */
export function getNextSqrtPriceFromInput(sqrtPX96: bigint, liquidity: bigint, amountIn: bigint, zeroForOne: boolean): bigint {
  if (!(sqrtPX96 > 0n)) revert('SqrtPriceMath.getNextSqrtPriceFromInput: zero price');
  if (!(liquidity > 0n)) revert('SqrtPriceMath.getNextSqrtPriceFromInput: zero liquidity');
  return zeroForOne
    ? getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountIn, true)
    : getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountIn, true);
}

/** Price after `amountOut` leaves: token1 out moves the price down (zeroForOne). Mirrors getNextSqrtPriceFromOutput. */
export function getNextSqrtPriceFromOutput(sqrtPX96: bigint, liquidity: bigint, amountOut: bigint, zeroForOne: boolean): bigint {
  if (!(sqrtPX96 > 0n)) revert('SqrtPriceMath.getNextSqrtPriceFromOutput: zero price');
  if (!(liquidity > 0n)) revert('SqrtPriceMath.getNextSqrtPriceFromOutput: zero liquidity');
  return zeroForOne
    ? getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountOut, false)
    : getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountOut, false);
}

/**
 * Token0 between two prices for liquidity L: L * 2^96 * (sB - sA) / sB / sA (getAmount0Delta).
 * `roundUp` selects two ceiling divisions (amounts the pool receives) or two floor divisions
 * (amounts it pays). Reverts when the lower price is zero.
 */
export function getAmount0Delta(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint, roundUp: boolean): bigint {
  let a = sqrtRatioAX96, b = sqrtRatioBX96;
  if (a > b) [a, b] = [b, a];
  const numerator1 = liquidity << 96n;
  const numerator2 = b - a;
  if (!(a > 0n)) revert('SqrtPriceMath.getAmount0Delta: zero price');
  return roundUp ? divRoundingUp(mulDivRoundingUp(numerator1, numerator2, b), a) : mulDiv(numerator1, numerator2, b) / a;
}

/** Token1 between two prices: L * (sB - sA) / 2^96, rounded UP or DOWN per `roundUp` (getAmount1Delta). */
export function getAmount1Delta(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint, roundUp: boolean): bigint {
  let a = sqrtRatioAX96, b = sqrtRatioBX96;
  if (a > b) [a, b] = [b, a];
  return roundUp ? mulDivRoundingUp(liquidity, b - a, Q96) : mulDiv(liquidity, b - a, Q96);
}

/**
 * Signed token0 delta for a signed liquidity change (the int128 overload of getAmount0Delta):
 * adding liquidity owes the pool the amount ROUNDED UP; removing pays out the amount ROUNDED DOWN,
 * negated.
 */
export function getAmount0DeltaSigned(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  return liquidity < 0n
    ? -toInt256(getAmount0Delta(sqrtRatioAX96, sqrtRatioBX96, -liquidity, false))
    : toInt256(getAmount0Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity, true));
}

/** Signed token1 delta for a signed liquidity change, rounding as getAmount0DeltaSigned. */
export function getAmount1DeltaSigned(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  return liquidity < 0n
    ? -toInt256(getAmount1Delta(sqrtRatioAX96, sqrtRatioBX96, -liquidity, false))
    : toInt256(getAmount1Delta(sqrtRatioAX96, sqrtRatioBX96, liquidity, true));
}

/**
 * One step of a swap within a price range of constant liquidity, a port of v3-core
 * `SwapMath.computeSwapStep`.
 *
 * Exact input is a non-negative `amountRemaining`, exact output a negative one (the contract's
 * sign convention). Rounding, as the contract: the input needed to reach the target rounds UP, the
 * output rounds DOWN, the fee rounds UP, and when an exact-input step stops short of its target
 * the whole unused remainder becomes fee, so no wei of the input is lost.
 */
import { mulDiv, mulDivRoundingUp } from './full-math.js';
import {
  getAmount0Delta,
  getAmount1Delta,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
} from './sqrt-price-math.js';

/** Fees are in hundredths of a basis point: 1e6 is 100%. */
export const FEE_DENOMINATOR = 1_000_000n;

export interface SwapStep {
  /** Price after the step; equals the target when the step reached it. */
  sqrtRatioNextX96: bigint;
  /** Input consumed, excluding the fee. */
  amountIn: bigint;
  amountOut: bigint;
  /** Fee charged in the input token. */
  feeAmount: bigint;
}

/**
 * Swaps within [current, target] (direction from their order): given what is left to swap, returns
 * the price reached and the amounts (SwapMath.computeSwapStep, line by line).
 */
export function computeSwapStep(
  sqrtRatioCurrentX96: bigint,
  sqrtRatioTargetX96: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: number,
): SwapStep {
  const fee = BigInt(feePips);
  const zeroForOne = sqrtRatioCurrentX96 >= sqrtRatioTargetX96;
  const exactIn = amountRemaining >= 0n;
  let sqrtRatioNextX96: bigint;
  let amountIn = 0n;
  let amountOut = 0n;

  if (exactIn) {
    // The fee is taken from the budget first (rounding the budget DOWN).
    const amountRemainingLessFee = mulDiv(amountRemaining, FEE_DENOMINATOR - fee, FEE_DENOMINATOR);
    amountIn = zeroForOne
      ? getAmount0Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, true)
      : getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, true);
    sqrtRatioNextX96 = amountRemainingLessFee >= amountIn
      ? sqrtRatioTargetX96
      : getNextSqrtPriceFromInput(sqrtRatioCurrentX96, liquidity, amountRemainingLessFee, zeroForOne);
  } else {
    amountOut = zeroForOne
      ? getAmount1Delta(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, false)
      : getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, false);
    sqrtRatioNextX96 = -amountRemaining >= amountOut
      ? sqrtRatioTargetX96
      : getNextSqrtPriceFromOutput(sqrtRatioCurrentX96, liquidity, -amountRemaining, zeroForOne);
  }

  const max = sqrtRatioTargetX96 === sqrtRatioNextX96;
  // Amounts are recomputed from the price actually reached unless the target was reached in the
  // direction that already computed them.
  if (zeroForOne) {
    if (!(max && exactIn)) amountIn = getAmount0Delta(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, true);
    if (!(max && !exactIn)) amountOut = getAmount1Delta(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, false);
  } else {
    if (!(max && exactIn)) amountIn = getAmount1Delta(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, true);
    if (!(max && !exactIn)) amountOut = getAmount0Delta(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, false);
  }

  // Exact output never pays out more than asked, even though the price rounded past it.
  if (!exactIn && amountOut > -amountRemaining) amountOut = -amountRemaining;

  const feeAmount = exactIn && sqrtRatioNextX96 !== sqrtRatioTargetX96
    ? amountRemaining - amountIn
    : mulDivRoundingUp(amountIn, fee, FEE_DENOMINATOR - fee);

  return { sqrtRatioNextX96, amountIn, amountOut, feeAmount };
}

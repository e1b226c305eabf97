/**
 * e^x for the log return of one step of a price path, the price models' hot loop.
 *
 * Why by hand: `Math.exp` is a call out of the optimized code into V8's C++ exp, and the models
 * make one per step. Steps of realistic volatility have |x| well below 1/16 (sigma 0.8 a year is
 * 0.0085 per hourly step, 0.042 per daily step), where this degree-9 Taylor polynomial, evaluated
 * as 1 + (x + x^2 (...)) so that the last addition is the only rounding that matters, agrees with
 * 1 + expm1(x) as often as `Math.exp` does (both within one ulp; fast-exp.test.ts). Its truncation
 * error, (1/16)^10 / 10!, is below 3e-19. Larger |x|, infinities and NaN go to `Math.exp`.
 * Measured on the benchmark workloads (best of six processes, alternating): lt 19.3 -> 17.7 ns
 * per path-step, hedge 50.3 -> 48.7.
 */
export function expStep(x: number): number {
  if (!(x > -0.0625 && x < 0.0625)) return Math.exp(x);
  const x2 = x * x, x4 = x2 * x2;
  // 1/k! as literals (V8 does not fold module constants into every caller).
  const q =
    x2 * (0.5 + x * 0.16666666666666666 + x2 * (0.041666666666666664 + x * 0.008333333333333333)) +
    x4 * x2 * (0.001388888888888889 + x * 0.0001984126984126984 + x2 * (0.0000248015873015873 + x * 0.0000027557319223985893));
  return 1 + (x + q);
}

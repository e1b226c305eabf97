/**
 * What a policy tells the executor, in the spirit of Index Coop's `shouldRebalance()`: nothing,
 * an ordinary rebalance, or an emergency (ripcord) that overrides a running TWAP with looser
 * limits. Iterating a running TWAP is the executor's own business, not a policy signal.
 */
export const Signal = {
  None: 0,
  Rebalance: 1,
  Emergency: 2,
} as const;
export type Signal = (typeof Signal)[keyof typeof Signal];

export const SIGNAL_NAMES = ['none', 'rebalance', 'emergency'] as const;

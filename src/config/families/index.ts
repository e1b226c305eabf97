/** The product families a config can name in `product.type`. */
import type { ProductFamily } from '../family.js';
import { leveragedTokenFamily } from './leveraged-token.js';
import { liquidityFamily } from './liquidity.js';
import { optionsAmmFamily, optionsBookFamily, optionsVaultFamily } from './options.js';

export const FAMILIES: readonly ProductFamily<never, never>[] = [leveragedTokenFamily as ProductFamily<never, never>, liquidityFamily as ProductFamily<never, never>, optionsBookFamily as ProductFamily<never, never>, optionsVaultFamily as ProductFamily<never, never>, optionsAmmFamily as ProductFamily<never, never>];

export function familyTypes(): string[] {
  return FAMILIES.map((f) => f.type);
}

// The colours a vault can be given, and how long its name may be. Its own module, free of Node: the contract (api.ts) names
// them, and the preload, which a sandbox runs with nothing but electron, bundles the contract.

/** A few colours that stay apart in light and dark and for the common colour-vision deficiencies (named, not hex: the renderer owns the shades). */
export const VAULT_COLOURS = ['blue', 'green', 'purple', 'orange', 'pink', 'grey'] as const;
export type VaultColour = (typeof VAULT_COLOURS)[number];
export const DEFAULT_VAULT_COLOUR: VaultColour = 'blue';
export const VAULT_NAME_MAX = 60;

/** A colour no vault in `taken` has (grey last: it reads as "disabled"); the first one when every colour is taken. */
export function freeVaultColour(taken: readonly string[]): VaultColour {
  return VAULT_COLOURS.find((c) => !taken.includes(c)) ?? VAULT_COLOURS[1];
}

// The place a sync config names: a folder, or a git remote through a private clone beside the vault.
import { GitPlace } from './git-place';
import type { PlaceConfig } from './local-state';
import { FolderPlace, type Place } from './place';

export const gitCloneFor = (vaultPath: string) => `${vaultPath}.sync-git`;

export function placeFor(config: PlaceConfig, vaultPath: string): Place {
  return config.kind === 'git' ? new GitPlace(config.where, gitCloneFor(vaultPath)) : new FolderPlace(config.where);
}

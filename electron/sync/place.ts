// Where replicas travel. A folder is carried by whatever engine the user runs (Syncthing,
// Dropbox, a USB stick): nothing to do before or after. A git remote is carried by a private
// clone in this device's data folder (git-place.ts): pull before reading, push after writing.
import fs from 'node:fs';
import { SyncError } from './errors';

export interface Place {
  /** In words, for status lines: "the folder /x" or "the git remote URL". */
  readonly description: string;
  /** The local folder that holds `tokenvault-<sync id>/`. */
  readonly root: string;
  /** Brings in what other devices wrote; throws PLACE_UNREACHABLE when it cannot. */
  pull(): Promise<void>;
  /** Sends out what this device wrote in its folder (`ownFolder`, relative to root). */
  publish(ownFolder: string, message: string): Promise<void>;
}

export class FolderPlace implements Place {
  readonly description: string;
  constructor(readonly root: string) {
    this.description = `the folder ${root}`;
  }

  async pull(): Promise<void> {
    if (!fs.existsSync(this.root) || !fs.statSync(this.root).isDirectory())
      throw new SyncError('PLACE_UNREACHABLE', `The sync folder ${this.root} is not there (a disconnected drive or share?); the vault works on and syncs when it is back.`);
  }

  async publish(): Promise<void> {}
}

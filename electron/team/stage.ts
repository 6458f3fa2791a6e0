// The staging folder beside a team copy (`<vault>.team-stage/`): what sync's engine reads and
// writes instead of the shared place. Other devices' files arrive here only after checking
// (replica-check.ts); this device's own files are written here by the engine and go out to the
// place signed (publishOwn). The engine thus never reads a byte nobody in the team signed.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Sodium } from '../vault/sodium';
import { fsyncDir } from '../vault/files';
import { SyncError } from '../sync/errors';
import type { Place } from '../sync/place';
import type { Identity } from './identity';
import { OWNER_FILE, ownerDocument, readOwner, signedName, signFile } from './team-files';

export const stageRootFor = (vaultPath: string) => `${vaultPath}.team-stage`;

/** The engine's view of the place: the staging folder; reaching the real place is the caller's job. */
export class StagePlace implements Place {
  constructor(
    readonly root: string,
    readonly description: string,
    private readonly offline: SyncError | null = null,
  ) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  }

  async pull(): Promise<void> {
    if (this.offline) throw this.offline;
  }

  async publish(): Promise<void> {}
}

function writeWhole(dir: string, name: string, bytes: Uint8Array | string): void {
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(temp, bytes, { mode: 0o600 });
  fs.renameSync(temp, path.join(dir, name));
}

const same = (file: string, bytes: Uint8Array): boolean => {
  try {
    return Buffer.from(fs.readFileSync(file)).equals(Buffer.from(bytes));
  } catch {
    return false;
  }
};

/** Makes the staged copy of another device's folder hold exactly the checked files. */
export function mirrorChecked(stageFolder: string, files: Map<string, Uint8Array>): void {
  let changed = false;
  for (const [name, bytes] of files) {
    if (same(path.join(stageFolder, name), bytes)) continue;
    writeWhole(stageFolder, name, bytes);
    changed = true;
  }
  if (fs.existsSync(stageFolder))
    for (const name of fs.readdirSync(stageFolder))
      if (signedName(name) && !files.has(name)) {
        fs.rmSync(path.join(stageFolder, name), { force: true });
        changed = true;
      }
  if (changed) fsyncDir(stageFolder);
}

/**
 * This device's staged folder out to the place, each file with its signature. A signature file
 * keeps the last few signatures, written before the file they sign, so a reader never finds a
 * file of ours without a signature that covers it.
 */
export function publishOwn(sodium: Sodium, me: Identity, teamId: string, device: string, stageFolder: string, realFolder: string): number {
  fs.mkdirSync(realFolder, { recursive: true });
  let written = 0;
  const owner = readOwner(sodium, realFolder, teamId, device);
  if (owner === null || owner === 'invalid') writeWhole(realFolder, OWNER_FILE, JSON.stringify(ownerDocument(sodium, me, teamId, device)));
  const staged = fs.existsSync(stageFolder) ? fs.readdirSync(stageFolder).filter(signedName) : [];
  for (const name of staged) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(stageFolder, name)));
    if (same(path.join(realFolder, name), bytes)) continue;
    const sigFile = path.join(realFolder, `${name}.sig`);
    const earlier = fs.existsSync(sigFile) ? fs.readFileSync(sigFile, 'utf8').split('\n').filter(Boolean).slice(-2) : [];
    writeWhole(realFolder, `${name}.sig`, [...earlier, signFile(sodium, me, teamId, device, name, bytes)].join('\n') + '\n');
    writeWhole(realFolder, name, bytes);
    written++;
  }
  for (const name of fs.readdirSync(realFolder)) {
    if (!signedName(name) || staged.includes(name)) continue;
    fs.rmSync(path.join(realFolder, name), { force: true });
    fs.rmSync(path.join(realFolder, `${name}.sig`), { force: true });
  }
  fsyncDir(realFolder);
  return written;
}

export { SyncError };

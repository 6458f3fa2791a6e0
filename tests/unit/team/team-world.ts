// People and their team copies for team tests: each person an identity (as their personal vault
// would hold it) and a team copy (a vault file of its own), all on one machine, one shared folder.
import fs from 'node:fs';
import path from 'node:path';
import { loadSodium } from '../../../electron/vault/sodium';
import { TEST_KDF } from '../../../electron/vault/kdf';
import { Vault } from '../../../electron/vault/vault';
import { newIdentity, type Identity } from '../../../electron/team/identity';
import type { PlaceConfig } from '../../../electron/sync/local-state';
import { PASSWORD, tempDir } from '../../helpers/vault-fixture';

export interface Person {
  name: string;
  identity: Identity;
  vault: Vault;
}

export function teamWorld(prefix = 'tv-team-') {
  const dir = tempDir(prefix);
  const folder = path.join(dir, 'Shared');
  fs.mkdirSync(folder);
  const place: PlaceConfig = { kind: 'folder', where: folder };
  const open: Vault[] = [];
  async function person(name: string, file = name): Promise<Person> {
    const sodium = await loadSodium();
    const vault = await Vault.create(path.join(dir, `${file}-team.tokenvault`), PASSWORD, { kdf: TEST_KDF });
    open.push(vault);
    return { name, identity: newIdentity(sodium, name), vault };
  }
  const close = () => {
    for (const v of open.splice(0)) v.close();
  };
  return { dir, folder, place, person, close };
}

export const names = (v: Vault) => v.list().map((e) => e.name).sort();

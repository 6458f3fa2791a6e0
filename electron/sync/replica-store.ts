// Reading and writing replica files in the place's local folder (the synced folder itself, or
// the private git clone). A device only ever writes inside its own folder, each file whole:
// written beside its name, flushed to disk, then renamed over it, so a reader (or the sync
// engine carrying it) never sees half a file, and a kill -9 leaves at most a temp file that
// no reader looks at.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir } from '../vault/files';
import { DEVICE_FILE, DEVICE_ID, type DataFile, type DeviceHeader, deviceHeaderSchema, parseDataFile, SYNC_FOLDER, syncFolderName } from './replica-format';

const TEMP_PREFIX = '.tmp-';
const TEMP_MAX_AGE_MS = 60 * 60 * 1000;

export class ReplicaStore {
  constructor(
    readonly root: string,
    readonly syncId: string,
  ) {}

  get folder(): string {
    return path.join(this.root, syncFolderName(this.syncId));
  }

  deviceFolder(device: string): string {
    return path.join(this.folder, device);
  }

  /** Device folders here; other names (a sync engine's conflict copy of a folder) are skipped. */
  devices(): string[] {
    if (!fs.existsSync(this.folder)) return [];
    return fs
      .readdirSync(this.folder, { withFileTypes: true })
      .filter((d) => d.isDirectory() && DEVICE_ID.test(d.name))
      .map((d) => d.name)
      .sort();
  }

  /** The device's header; 'invalid' when it is there but unreadable. */
  header(device: string): DeviceHeader | 'invalid' | null {
    const file = path.join(this.deviceFolder(device), DEVICE_FILE);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = deviceHeaderSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : 'invalid';
    } catch {
      return 'invalid';
    }
  }

  files(device: string): DataFile[] {
    const dir = this.deviceFolder(device);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .map(parseDataFile)
      .filter((f): f is DataFile => f !== null)
      .sort((a, b) => a.seq - b.seq || (a.kind < b.kind ? -1 : 1));
  }

  read(device: string, file: DataFile): Uint8Array | null {
    try {
      return new Uint8Array(fs.readFileSync(path.join(this.deviceFolder(device), file.file)));
    } catch {
      return null;
    }
  }

  size(device: string, file: DataFile): number {
    try {
      return fs.statSync(path.join(this.deviceFolder(device), file.file)).size;
    } catch {
      return 0;
    }
  }

  /** A small file of the replica as text (newest.json); null when absent, '' when too large to be one. */
  readNamed(device: string, name: string, max = 4096): string | null {
    const file = path.join(this.deviceFolder(device), name);
    try {
      return fs.statSync(file).size > max ? '' : fs.readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  }

  writeNamed(device: string, name: string, text: string): void {
    this.writeWhole(device, name, Buffer.from(text));
  }

  writeHeader(device: string, header: DeviceHeader): void {
    this.writeWhole(device, DEVICE_FILE, Buffer.from(`${JSON.stringify(header, null, 2)}\n`));
  }

  write(device: string, file: DataFile, bytes: Uint8Array): void {
    this.writeWhole(device, file.file, bytes);
  }

  remove(device: string, file: DataFile): void {
    fs.rmSync(path.join(this.deviceFolder(device), file.file), { force: true });
  }

  /** Temp files a killed sync left in this device's folder. */
  sweepTemps(device: string, now = Date.now()): void {
    const dir = this.deviceFolder(device);
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith(TEMP_PREFIX)) continue;
      const file = path.join(dir, name);
      if (now - fs.statSync(file).mtimeMs > TEMP_MAX_AGE_MS) fs.rmSync(file, { force: true });
    }
  }

  private writeWhole(device: string, name: string, bytes: Uint8Array): void {
    const dir = this.deviceFolder(device);
    fs.mkdirSync(dir, { recursive: true });
    const temp = path.join(dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path.join(dir, name));
    fsyncDir(dir);
  }
}

/** The vault ids that have replicas under `root`. */
export function syncIdsIn(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map((name) => SYNC_FOLDER.exec(name)?.[1])
    .filter((id): id is string => Boolean(id))
    .sort();
}

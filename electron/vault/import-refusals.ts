// Files people pick that are not an import Token Vault reads, each told what it is and what to
// do instead: a folder, a KeePassXC XML export (every password in clear text), a 1Password
// .1pux, another archive. Checked before a format is guessed, so none of them is misread as a
// broken CSV. Used by the CLI and the app alike.
import { VaultError } from './errors';

const refuse = (message: string) => new VaultError('INVALID_INPUT', message);

/** A folder was given where a file belongs. */
export const folderRefusal = (name: string) =>
  refuse(`${name} is a folder; choose the export file inside it (a KeePassXC database .kdbx, a .csv or a Token Vault .json).`);

const head = (bytes: Uint8Array, n: number) => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, n));

/** The refusal for bytes Token Vault does not import, or null when a reader may try them. */
export function refusalFor(bytes: Uint8Array, name: string): VaultError | null {
  const start = head(bytes, 4096).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) {
    if (/<KeePassFile[\s>]/.test(start)) {
      return refuse(`${name} is a KeePassXC XML export, which holds every password in clear text; Token Vault imports the database itself (.kdbx) or a CSV export, so import the .kdbx, and delete the XML export.`);
    }
    return refuse(`${name} is an XML file, not an export Token Vault reads (a KeePassXC database .kdbx, a KeePassXC CSV export or Token Vault JSON).`);
  }
  const zip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (zip) {
    // A KeeShare container is a zip too; the KeePass reader says what it is.
    if (head(bytes, 64 * 1024).includes('container.share.kdbx')) return null;
    if (/\.1pux$/i.test(name) || head(bytes, 64 * 1024).includes('export.data')) {
      return refuse(`${name} is a 1Password export (.1pux), which Token Vault cannot read; import it into KeePassXC (Database → Import → 1Password), then import that database here.`);
    }
    return refuse(`${name} is a ZIP archive; unpack it and import the export file inside.`);
  }
  return null;
}

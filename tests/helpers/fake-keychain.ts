// A stand-in for the OS keychain and its prompt (electron/quick-unlock/protector.ts): it keeps a
// copy of every key it was given, so tests can look for those bytes where they must not be.
import type { KeyProtector } from '../../electron/quick-unlock/protector';

export class FakeKeychain implements KeyProtector {
  /** Copies of the keys handed to protect(), and what protect() returned. */
  readonly given: Uint8Array[] = [];
  readonly blobs: Uint8Array[] = [];
  /** What the next prompts answer (true: confirmed); empty means confirmed. */
  readonly answers: boolean[] = [];
  prompts = 0;
  refuse: string | null = null;

  refusal = () => Promise.resolve(this.refuse);
  method = () => 'confirm' as const;
  protect = (key: Uint8Array) => {
    this.given.push(Uint8Array.from(key));
    const blob = key.map((b) => b ^ 0xa5);
    this.blobs.push(Uint8Array.from(blob));
    return Promise.resolve(blob);
  };
  unprotect = (blob: Uint8Array) => Promise.resolve(blob.map((b) => b ^ 0xa5));
  confirm = () => {
    this.prompts += 1;
    return Promise.resolve(this.answers.shift() ?? true);
  };
}

import type { TokenVaultApi } from '../../electron/api';

declare global {
  interface Window {
    /** Exposed by preload (desktop) or the preview shim (browser); the renderer's only way out. */
    readonly tokenVault: TokenVaultApi;
  }
}
export {};

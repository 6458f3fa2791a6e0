// Installing a verified update where the platform allows it (signed macOS and Windows builds),
// with electron-updater. It is handed the feed check.ts already verified (Ed25519 over the
// exact bytes) through a custom provider, so it never fetches a feed of its own; it downloads
// the file that feed lists and checks its SHA-512 (electron-updater does, and so do we again,
// sha512Matches, before anything runs); macOS's Squirrel and the NSIS updater check the code
// signature as well. Then the person is asked before the app restarts into it. Linux (deb):
// never called — the banner links to the releases page.
import type { BrowserWindow, Dialog } from 'electron';
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import { Provider, parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider';
import type { ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider';
import type { ResolvedUpdateFileInfo } from 'electron-updater/out/types';
import { sha512Matches, type UpdateCheck } from '../updates/check';

export interface InstallerPorts {
  updater: AppUpdater;
  dialog: Pick<Dialog, 'showMessageBox'>;
  window: () => BrowserWindow | null;
  log: (message: string, error?: unknown) => void;
}

export function createVerifiedInstaller(ports: InstallerPorts) {
  return async (check: Extract<UpdateCheck, { status: 'newer' }>, feedUrl: string): Promise<void> => {
    const base = new URL(feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`);
    const info = parseUpdateInfo(check.feedText, 'latest.yml', new URL('latest.yml', base));
    class VerifiedFeed extends Provider<UpdateInfo> {
      constructor(_options: unknown, _updater: unknown, runtimeOptions: ProviderRuntimeOptions) {
        super(runtimeOptions);
      }
      async getLatestVersion(): Promise<UpdateInfo> {
        return info;
      }
      resolveFiles(updateInfo: UpdateInfo): ResolvedUpdateFileInfo[] {
        return resolveFiles(updateInfo, base);
      }
    }
    const { updater } = ports;
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    updater.setFeedURL({ provider: 'custom', updateProvider: VerifiedFeed } as never);
    await updater.checkForUpdates();
    const files = await updater.downloadUpdate();
    for (const file of files) {
      const listed = info.files.find((candidate) => file.endsWith(candidate.url.split('/').pop() ?? '\0'));
      if (!listed || !(await sha512Matches(file, listed.sha512))) {
        const problem = `update ${info.version}: the download ${file} does not match the signed feed; not installed`;
        ports.log(problem);
        throw new Error(problem);
      }
    }
    const window = ports.window();
    const options = {
      type: 'info' as const,
      message: `Token Vault ${info.version} is ready to install.`,
      detail: `${check.notes || 'See the release notes on the releases page.'}\n\nToken Vault locks and restarts to install it.`,
      buttons: ['Restart now', 'Later'],
      defaultId: 1,
      cancelId: 1,
    };
    const answer = window ? await ports.dialog.showMessageBox(window, options) : await ports.dialog.showMessageBox(options);
    if (answer.response === 0) updater.quitAndInstall();
  };
}

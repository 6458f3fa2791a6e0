// The FileDialogPort on Electron's native dialogs, attached to the app's window so they are
// modal to it. Thin glue: every rule about what is opened or written lives in the services.
import type { BrowserWindow, Dialog } from 'electron';
import type { FileDialogPort } from '../app/ports';

export function createFileDialogPort(dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, window: () => BrowserWindow | null): FileDialogPort {
  const open = async (options: Electron.OpenDialogOptions) => {
    const parent = window();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  return {
    openFile: ({ title, filters }) => open({ title, filters, properties: ['openFile'] }),
    chooseFolder: ({ title }) => open({ title, properties: ['openDirectory', 'createDirectory'] }),
    saveFile: async ({ title, defaultName, filters }) => {
      const parent = window();
      const options: Electron.SaveDialogOptions = { title, defaultPath: defaultName, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] };
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}

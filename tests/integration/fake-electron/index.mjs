// A stand-in for the `electron` module, just enough for the bundled main process to start in
// plain Node: every call is recorded on `calls`, and the objects main.ts hands to Electron
// (handlers, listeners, window options) are kept on `fake` for the test driver to poke.
import { EventEmitter } from 'node:events';

export const calls = [];
const record = (name, ...args) => calls.push({ name, args });
export const fake = { windows: [], ipcHandlers: new Map(), protocolHandlers: new Map(), session: {}, clipboardText: '', opened: [] };

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: () => (record('requestSingleInstanceLock'), true),
  whenReady: () => (record('whenReady'), Promise.resolve()),
  quit: () => record('app.quit'),
  enableSandbox: () => record('enableSandbox'),
  setAppUserModelId: (id) => record('setAppUserModelId', id),
  getAppPath: () => process.env.FAKE_APP_PATH,
  getVersion: () => '0.1.0',
  getPath: (name) => `${process.env.FAKE_APP_PATH}/${name}`,
});

export const protocol = { registerSchemesAsPrivileged: (schemes) => record('registerSchemesAsPrivileged', schemes) };

class FakeWebContents extends EventEmitter {
  sent = [];
  windowOpenHandler = null;
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel, message) {
    this.sent.push({ channel, message });
  }
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    this.loaded = null;
    fake.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.loaded = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {}
  focus() {}
}

export const session = {
  defaultSession: {
    on: (event, h) => (fake.session[`on:${event}`] = h),
    setPermissionRequestHandler: (h) => (fake.session.permissionRequest = h),
    setPermissionCheckHandler: (h) => (fake.session.permissionCheck = h),
    setDevicePermissionHandler: (h) => (fake.session.devicePermission = h),
    webRequest: {
      onBeforeRequest: (h) => (fake.session.beforeRequest = h),
      onHeadersReceived: (h) => (fake.session.headersReceived = h),
    },
    protocol: { handle: (scheme, handler) => fake.protocolHandlers.set(scheme, handler) },
  },
};

export const ipcMain = { handle: (channel, handler) => fake.ipcHandlers.set(channel, handler) };

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: (menu) => (fake.menu = menu),
};

export const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0, getSystemIdleState: () => 'active' });

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {}
}

export class ClipboardItem {
  constructor(payloads) {
    this.payloads = payloads;
  }
}

export const clipboard = {
  write: async (items) => {
    fake.clipboardText = items[0].payloads['text/plain'];
  },
  readText: async () => fake.clipboardText,
  clear: () => {
    fake.clipboardText = '';
  },
};

export const shell = {
  openExternal: async (url) => {
    fake.opened.push(url);
  },
};

/** Native dialogs: record what was asked (and for which window), answer from fake.dialogAnswers (cancel when none). */
export const dialog = {
  showOpenDialog: async (...args) => {
    record('showOpenDialog', args.at(-1));
    const answer = (fake.dialogAnswers ?? []).shift();
    return answer ? { canceled: false, filePaths: [answer] } : { canceled: true, filePaths: [] };
  },
  showSaveDialog: async (...args) => {
    record('showSaveDialog', args.at(-1));
    const answer = (fake.dialogAnswers ?? []).shift();
    return answer ? { canceled: false, filePath: answer } : { canceled: true, filePath: '' };
  },
  showMessageBox: async (...args) => {
    const options = args.length > 1 ? args[1] : args[0];
    record('dialog.showMessageBox', options);
    return { response: fake.dialogResponse ?? 0, checkboxChecked: false };
  },
};

/** safeStorage as a keyring would serve it: reversible, but not the plain text (fake.storageBackend picks the Linux backend). */
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => fake.storageBackend ?? 'gnome_libsecret',
  encryptStringAsync: async (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
  decryptStringAsync: async (blob) => ({ result: Buffer.from(Buffer.from(blob).map((b) => b ^ 0x5a)).toString('utf8'), shouldReEncrypt: false }),
};

export const systemPreferences = {
  canPromptTouchID: () => false,
  promptTouchID: async () => {
    throw new Error('no Touch ID here');
  },
};

export default { app, protocol, BrowserWindow, session, ipcMain, Menu, powerMonitor, Notification, ClipboardItem, clipboard, shell, dialog, safeStorage, systemPreferences };

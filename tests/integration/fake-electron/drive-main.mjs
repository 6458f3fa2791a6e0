// Starts the bundled main process (MAIN_BUNDLE) against the fake electron module and plays a
// user's session through what main.ts registered; prints what happened as one JSON line.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { calls, fake, app, powerMonitor } from './index.mjs';

/** The real CLI beside the app, as a user would run it: no password on standard input. */
const cli = (args, input = '') =>
  new Promise((resolve) => {
    const child = execFile(process.execPath, [process.env.TOKENVAULT_CLI, ...args], { env: { ...process.env, TOKENVAULT_NO_PASSWORD: '1' } }, (error, stdout, stderr) =>
      resolve({ status: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin.end(input);
  });

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const result = {};

await import(process.env.MAIN_BUNDLE);
await settle();

/** The main-process log: its text and the permissions of it and its folder. */
const logDir = join(process.env.FAKE_APP_PATH, 'userData', 'logs');
const readLog = () => ({
  text: readFileSync(join(logDir, 'main.log'), 'utf8'),
  fileMode: statSync(join(logDir, 'main.log')).mode & 0o777,
  dirMode: statSync(logDir).mode & 0o777,
  files: readdirSync(logDir),
});

if (process.env.DRIVE === 'start-only') {
  // The start-up probe failed (the test broke the binding): what did the app show, and did it quit?
  result.windowCount = fake.windows.length;
  result.ipcChannels = [...fake.ipcHandlers.keys()];
  result.dialogs = calls.filter((c) => c.name === 'dialog.showMessageBox').map((c) => c.args[0]);
  result.quitCalls = calls.filter((c) => c.name === 'app.quit').length;
  result.log = readLog();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const [window] = fake.windows;
const contents = window.webContents;
result.sandboxEnforced = calls.some((c) => c.name === 'enableSandbox');
result.privilegedBeforeReady = calls.findIndex((c) => c.name === 'registerSchemesAsPrivileged') < calls.findIndex((c) => c.name === 'whenReady');
result.schemes = calls.find((c) => c.name === 'registerSchemesAsPrivileged')?.args[0];
result.windowCount = fake.windows.length;
result.webPreferences = window.options.webPreferences;
result.icon = window.options.icon ?? null;
result.loaded = window.loaded;

const handlers = [...fake.ipcHandlers.keys()];
result.ipcChannels = handlers;
const call = (event, method, args) => fake.ipcHandlers.get(handlers[0])(event, method, args);
const ours = { sender: contents, senderFrame: { url: 'tokenvault://app/index.html', parent: null } };

if (process.env.DRIVE === 'kdf') {
  // Where the master password's Argon2 ran: in a worker that ended, this process's memory comes
  // back down; in this thread, it keeps the 256 MiB of the create's calibration probe and more.
  const rssMiB = () => process.memoryUsage().rss / 1048576;
  result.rssBefore = rssMiB();
  result.created = await call(ours, 'vaultCreate', { password: 'correct horse battery staple' });
  result.locked = await call(ours, 'vaultLock', {});
  result.unlocked = await call(ours, 'vaultUnlock', { password: 'correct horse battery staple' });
  // The ended worker's memory is unmapped as its thread tears down.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  result.rssAfter = rssMiB();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
result.trustedStatus = await call(ours, 'vaultStatus', {});
result.foreignPage = await call({ ...ours, senderFrame: { url: 'https://evil.example/', parent: null } }, 'vaultStatus', {});
result.subframe = await call({ ...ours, senderFrame: { url: 'tokenvault://app/index.html', parent: {} } }, 'vaultStatus', {});
result.otherContents = await call({ ...ours, sender: {} }, 'vaultStatus', {});
result.noFrame = await call({ ...ours, senderFrame: null }, 'vaultStatus', {});
result.badArgs = await call(ours, 'tokensGet', JSON.parse('{"id":"x","__proto__":{"polluted":true}}'));

// Navigation: cancelled always; only a configured GitLab https page reaches the browser.
const navigate = (url) => {
  let prevented = false;
  contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
  return prevented;
};
result.navigationPrevented = [navigate('https://evil.example/'), navigate('https://gitlab.com/-/user_settings/personal_access_tokens')];
result.newWindow = contents.windowOpenHandler({ url: 'https://gitlab.com/explore' });
await settle();
result.opened = fake.opened.slice();

// Session: permissions denied, CSP on responses, foreign requests cancelled.
result.permission = await new Promise((resolve) => fake.session.permissionRequest(contents, 'notifications', resolve, {}));
result.permissionCheck = fake.session.permissionCheck(contents, 'clipboard-read', 'tokenvault://app', {});
result.headers = await new Promise((resolve) => fake.session.headersReceived({ responseHeaders: {} }, (r) => resolve(r.responseHeaders)));
result.foreignRequest = await new Promise((resolve) => fake.session.beforeRequest({ url: 'https://example.com/x' }, resolve));
const served = await fake.protocolHandlers.get('tokenvault')(new Request('tokenvault://app/index.html'));
result.protocolCsp = served.headers.get('content-security-policy');

// Updates: not asked yet; turned on with a feed on this machine that the built-in key did not sign.
result.updatesAtStart = await call(ours, 'updatesGet', {});
const feed = createServer((request, response) => {
  if (request.url.endsWith('.yml')) response.end('version: 9.9.9\nfiles:\n  - url: a.deb\n    sha512: x\npath: a.deb\nsha512: x\n');
  else if (request.url.endsWith('.sig')) response.end(Buffer.alloc(64, 7).toString('base64'));
  else response.writeHead(404).end();
});
await new Promise((resolve) => feed.listen(0, '127.0.0.1', resolve));
result.updatesOn = await call(ours, 'updatesSet', { check: true, feedUrl: `http://127.0.0.1:${feed.address().port}/feed/` });
result.updatesChecked = await call(ours, 'updatesCheck', {});
result.updatesFileMode = statSync(join(process.env.FAKE_APP_PATH, 'userData', 'updates.json')).mode & 0o777;
result.updatesBadFeed = await call(ours, 'updatesSet', { check: true, feedUrl: 'http://updates.example.com/' });
feed.close();

// A vault, a copy, then locks from the menu and from the OS.
result.created = (await call(ours, 'vaultCreate', { password: 'correct horse battery staple' })).ok;
const added = await call(ours, 'tokensAdd', { entry: { name: 'ci', instance: 'https://gitlab.example.com' }, secret: 'glpat-smoke-test-value' });
result.openConfigured = await call(ours, 'openExternal', { url: 'https://gitlab.example.com/-/user_settings/personal_access_tokens' });
result.openUnknown = await call(ours, 'openExternal', { url: 'https://other.example/' });
result.openedAfterAdd = fake.opened.slice(2);
result.copy = await call(ours, 'tokensCopy', { id: added.value.id });
result.clipboardAfterCopy = fake.clipboardText === 'glpat-smoke-test-value';
const lockItem = fake.menu.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : [])).find((i) => i.id === 'lock');
lockItem.click();
await settle();
result.clipboardAfterLock = fake.clipboardText;
result.unlockedAfterMenuLock = (await call(ours, 'vaultStatus', {})).value.unlocked;
await call(ours, 'vaultUnlock', { password: 'correct horse battery staple' });

// The app serves its vault to the CLI: each sees the other's writes, no password asked.
result.cliShow = await cli(['show', 'ci', '--json']);
result.cliAdd = await cli(['add', 'from-cli', '--instance', 'https://gitlab.example.com'], 'glpat-from-the-cli\n');
result.appSeesCliAdd = (await call(ours, 'tokensList', {})).value.map((e) => e.name);
await call(ours, 'tokensAdd', { entry: { name: 'from-app' }, secret: 'glpat-from-the-app' });
result.cliSeesAppAdd = (await cli(['show', 'from-app', '--json'])).status;
result.cliUnlockWhileUnlocked = await cli(['unlock'], 'whatever\n');
// Ask before a secret leaves: the app asks; Deny refuses, Allow releases, both logged or not as they should be.
await call(ours, 'settingsUpdate', { patch: { askBeforeRelease: true } });
fake.dialogResponse = 0;
result.deniedCopy = await cli(['copy', 'from-cli', '--stdout']);
fake.dialogResponse = 1;
result.allowedCopy = await cli(['copy', 'from-cli', '--stdout']);
result.dialogs = calls.filter((c) => c.name === 'dialog.showMessageBox').map((c) => c.args[0].message);
result.releaseLog = JSON.parse((await cli(['agent', 'log', '--json'])).stdout);
await call(ours, 'settingsUpdate', { patch: { askBeforeRelease: false } });

// Reminders while locked (opt-in): the schedule beside the vault follows the setting and the entries.
const schedulePath = `${process.env.TOKENVAULT_VAULT}.reminders.json`;
const readSchedule = () => (existsSync(schedulePath) ? readFileSync(schedulePath, 'utf8') : null);
const inForty = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
await call(ours, 'tokensUpdate', { id: added.value.id, patch: { expiresAt: inForty, scopes: ['read_api'] } });
result.scheduleEntryId = added.value.id;
result.scheduleWhileOff = readSchedule();
await call(ours, 'settingsUpdate', { patch: { remindWhileLocked: true, defaultLeadDays: [30, 7] } });
result.scheduleWhenOn = readSchedule();
await call(ours, 'tokensUpdate', { id: added.value.id, patch: { leadDays: [1] } });
result.scheduleAfterEdit = readSchedule();
await call(ours, 'settingsUpdate', { patch: { remindWhileLocked: false } });
result.scheduleAfterOff = readSchedule();

// An error nobody planned for, quoting a token (as a SQLite or parser error can quote its input):
// the page gets INTERNAL, the log gets what lay behind it, without the token.
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function failOnce() {
  Database.prototype.prepare = prepare;
  throw new TypeError('near "glpat-LeakedInAnError_1234567890": syntax error at Authorization: Bearer abc.def');
};
result.internal = await call(ours, 'tokensUpdate', { id: added.value.id, patch: { description: 'after the failure' } });
result.logAfterInternal = readLog();

// Quick unlock on (a keyring is running): it is armed for the lock that follows.
result.quickOn = await call(ours, 'quickUnlockConfigure', { enabled: true, hours: 8 });
powerMonitor.emit('suspend');
await settle();
result.unlockedAfterSuspend = (await call(ours, 'vaultStatus', {})).value.unlocked;
result.cliAfterSuspend = await cli(['show', 'ci']);
result.cliUnlockRefused = await cli(['unlock'], 'correct horse battery staple\n');
result.events = contents.sent.map((s) => [s.channel, s.message.event, s.message.payload?.reason ?? null]);

// After the suspend lock: quick unlock asks in a native dialog (no Touch ID here); Cancel refuses, Unlock opens.
result.quickOffer = await call(ours, 'quickUnlockOffer', {});
const dialogsBeforeQuick = calls.filter((c) => c.name === 'dialog.showMessageBox').length;
fake.dialogResponse = 0;
result.quickCancelled = await call(ours, 'vaultQuickUnlock', {});
fake.dialogResponse = 1;
result.quickUnlocked = await call(ours, 'vaultQuickUnlock', {});
result.quickDialogs = calls.filter((c) => c.name === 'dialog.showMessageBox').slice(dialogsBeforeQuick).map((c) => c.args[0].message);
result.quickListAfter = (await call(ours, 'tokensList', {})).value?.length ?? null;

// Quit: held back until the vault is locked and the clipboard handled, then quits for real.
let quitPrevented = false;
app.emit('before-quit', { preventDefault: () => (quitPrevented = true) });
await settle();
result.quitPrevented = quitPrevented;
result.quitCalls = calls.filter((c) => c.name === 'app.quit').length;
result.agentAfterQuit = await cli(['agent', 'status']);

process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

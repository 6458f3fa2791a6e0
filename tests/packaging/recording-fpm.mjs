// A stand-in for fpm (electron-builder runs it through CUSTOM_FPM_PATH, by way of a small
// shell wrapper): fpm cannot be downloaded here, and what the deb would hold is exactly what
// electron-builder hands to fpm. Records the arguments, every staged file (each `source=/dest`
// mapping, expanded to the files below it) and the text of the maintainer scripts, the desktop
// entry and the AppArmor profile into $FPM_RECORD (JSON), then writes a placeholder package
// where --package says, as fpm would, so electron-builder's later steps (update info,
// checksums) run on a real file.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const argv = process.argv.slice(2);
const valueOf = (flag) => {
  const at = argv.indexOf(flag);
  return at === -1 ? null : argv[at + 1];
};
const text = (file) => (file ? readFileSync(file, 'utf8') : null);

/** Every file below a staged source, at the path it would have once installed. */
function staged(source, dest) {
  const info = statSync(source);
  if (!info.isDirectory()) return [{ path: dest, mode: info.mode & 0o7777, size: info.size }];
  return readdirSync(source, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = join(entry.parentPath, entry.name);
      const stat = statSync(full);
      return { path: join(dest, relative(source, full)), mode: stat.mode & 0o7777, size: stat.size };
    });
}

const mappings = argv.filter((arg) => /^\/.+=\/.+/.test(arg)).map((arg) => arg.split(/=(.*)/s).slice(0, 2));
const files = mappings.flatMap(([source, dest]) => staged(source, dest));
const appDir = mappings.find(([, dest]) => dest.startsWith('/opt/'))?.[0];
const desktop = mappings.find(([, dest]) => dest.startsWith('/usr/share/applications/'));
writeFileSync(
  process.env.FPM_RECORD,
  JSON.stringify({
    argv,
    files,
    afterInstall: text(valueOf('--after-install')),
    afterRemove: text(valueOf('--after-remove')),
    desktopEntry: desktop ? { path: desktop[1], text: text(desktop[0]) } : null,
    appArmorProfile: appDir ? text(join(appDir, 'resources', 'apparmor-profile')) : null,
  }),
);
writeFileSync(valueOf('--package'), 'placeholder deb written by tests/packaging/recording-fpm.mjs\n');

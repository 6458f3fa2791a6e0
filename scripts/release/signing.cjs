// What signs a build, said in one line per platform before electron-builder packs it, so an
// unsigned installer is never shipped by accident: electron-builder on its own skips signing
// quietly when no certificate is found. `npm run release` (npm_lifecycle_event 'release')
// refuses to build an unsigned macOS or Windows installer at all.
//
// The variables are electron-builder's own (app-builder-lib: platformPackager.getCscLink,
// MacTargetHelper.getNotarizeOptions, windowsSignToolManager).
'use strict';

const { createHash } = require('node:crypto');
const { createReadStream, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const has = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';

/** How a macOS build would be notarised, or null. */
function notarisation(env) {
  if (has(env, 'APPLE_API_KEY') && has(env, 'APPLE_API_KEY_ID') && has(env, 'APPLE_API_ISSUER')) return 'an App Store Connect API key (APPLE_API_KEY)';
  if (has(env, 'APPLE_ID') && has(env, 'APPLE_APP_SPECIFIC_PASSWORD') && has(env, 'APPLE_TEAM_ID')) return 'an Apple ID (APPLE_ID, team APPLE_TEAM_ID)';
  if (has(env, 'APPLE_KEYCHAIN_PROFILE')) return 'a notarytool keychain profile (APPLE_KEYCHAIN_PROFILE)';
  return null;
}

/**
 * { signed, line } for a platform ('darwin' | 'mas' | 'win32' | 'linux'): whether signing
 * material is present, and the sentence the build prints.
 */
function signingStatus(platform, env = process.env) {
  if (platform === 'darwin' || platform === 'mas') {
    const certificate = has(env, 'CSC_LINK') ? 'the Developer ID certificate in CSC_LINK' : has(env, 'CSC_NAME') ? `the keychain identity "${env.CSC_NAME}" (CSC_NAME)` : null;
    const notary = notarisation(env);
    if (!certificate) {
      return { signed: false, line: 'signing: macOS: NOT SIGNED — no CSC_LINK (Developer ID Application .p12) or CSC_NAME; Gatekeeper will refuse this app on other Macs and it cannot update itself.' };
    }
    if (!notary) {
      return { signed: false, line: `signing: macOS: signed with ${certificate} but NOT NOTARISED — set APPLE_API_KEY/APPLE_API_KEY_ID/APPLE_API_ISSUER or APPLE_ID/APPLE_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID.` };
    }
    return { signed: true, line: `signing: macOS: signed with ${certificate}, notarised with ${notary}.` };
  }
  if (platform === 'win32') {
    if (has(env, 'WIN_CSC_LINK') || has(env, 'CSC_LINK')) {
      return { signed: true, line: `signing: Windows: Authenticode with the certificate in ${has(env, 'WIN_CSC_LINK') ? 'WIN_CSC_LINK' : 'CSC_LINK'} (password: CSC_KEY_PASSWORD).` };
    }
    return { signed: false, line: 'signing: Windows: NOT SIGNED — no WIN_CSC_LINK/CSC_LINK (Authenticode .pfx, password in CSC_KEY_PASSWORD); SmartScreen will warn and updates cannot be verified by publisher.' };
  }
  return { signed: false, line: 'signing: Linux: the deb is not signed (no apt repository); SHA256SUMS is written beside it — publish it with the release, signed (gpg --clearsign SHA256SUMS).' };
}

/** The SHA-256 of a file, hex. */
function sha256File(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Writes `sha256sum -c`-compatible SHA256SUMS for the installers in outDir; returns its path. */
async function writeChecksums(outDir, artifactPaths) {
  const files = artifactPaths.filter((file) => !/\.(blockmap|yml)$/.test(file) && basename(file) !== 'SHA256SUMS');
  const lines = [];
  for (const file of files.sort()) lines.push(`${await sha256File(file)}  ${basename(file)}`);
  const target = join(outDir, 'SHA256SUMS');
  writeFileSync(target, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return target;
}

module.exports = { signingStatus, notarisation, writeChecksums, sha256File };

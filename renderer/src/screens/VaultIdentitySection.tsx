// Settings' "This vault" section: the name and colour that say which vault is open (window
// title, top bar, unlock screen, the list of vaults opened before). Saved in the vault itself,
// so they travel with it to another computer and come back with a restore.
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../electron/api';
import { call, messageOf } from '../client';
import { useApp } from '../store';
import { RecoverySheetDialog } from '../components/RecoverySheetDialog';

const COLOURS: Array<[Settings['vaultColour'], string]> = [
  ['blue', 'Blue'],
  ['green', 'Green'],
  ['purple', 'Purple'],
  ['orange', 'Orange'],
  ['pink', 'Pink'],
  ['grey', 'Grey'],
];

export function VaultIdentitySection() {
  const status = useApp((s) => s.status);
  const [saved, setSaved] = useState<Pick<Settings, 'vaultName' | 'vaultColour'> | null>(null);
  const [name, setName] = useState('');
  const [colour, setColour] = useState<Settings['vaultColour']>('blue');
  const [error, setError] = useState('');
  const [sheet, setSheet] = useState(false);
  useEffect(() => {
    call('settingsGet', {}).then((s) => {
      setSaved(s);
      setName(s.vaultName ?? '');
      setColour(s.vaultColour);
    }, (e) => setError(messageOf(e)));
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      const next = await call('settingsUpdate', { patch: { vaultName: name.trim() || null, vaultColour: colour } });
      setSaved(next);
      setName(next.vaultName ?? '');
      await useApp.getState().refreshStatus();
      useApp.getState().toast({ tone: 'success', text: 'Vault name and colour saved.' });
    } catch (err) {
      setError(messageOf(err));
    }
  };

  if (!saved) return null;
  const changed = (saved.vaultName ?? '') !== name.trim() || saved.vaultColour !== colour;
  // The name shown while the field is blank: the one taken from the file name.
  const fromFile = saved.vaultName === null ? status?.name : undefined;
  return (
    <section className="settings-section" aria-labelledby="vault-identity-title">
      <h2 id="vault-identity-title">This vault</h2>
      <form onSubmit={save}>
        <label className="field">
          <span>Name</span>
          <input value={name} maxLength={60} placeholder={fromFile ?? 'Named after its file'} onChange={(e) => setName(e.target.value)} aria-describedby="vault-name-hint" />
        </label>
        <small id="vault-name-hint" className="muted">Shown in the window title, the top bar and the unlock screen, so you always know which vault is open. Blank: named after its file. Kept inside the vault, so it travels with it.</small>
        <fieldset className="colour-swatches">
          <legend>Colour</legend>
          {COLOURS.map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="vault-colour" value={value} checked={colour === value} onChange={() => setColour(value)} />
              <span className={`vault-dot vault-${value}`} aria-hidden="true" />
              {label}
            </label>
          ))}
        </fieldset>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <button type="submit" disabled={!changed}>Save name and colour</button>
      </form>
      <p className="muted">A recovery sheet says, on paper, how to get this vault back on a new computer.</p>
      <button type="button" onClick={() => setSheet(true)}>Print a recovery sheet…</button>
      {sheet ? <RecoverySheetDialog onClose={() => setSheet(false)} /> : null}
    </section>
  );
}

// Where sync carries the vault, as set-up and join ask it: a folder a sync tool carries
// (Syncthing, Dropbox, Nextcloud, a USB stick), chosen in the folder dialog or typed, or a git
// remote's address; and this device's name as the other devices will see it.
import { useId, useState } from 'react';
import type { ArgsOf } from '../../../electron/api';
import { call, messageOf } from '../client';

export type PlaceDraft = ArgsOf<'syncSetup'>['place'] & { deviceName: string };

export const EMPTY_PLACE: PlaceDraft = { kind: 'folder', where: '', deviceName: '' };

export function PlaceFields({ value, onChange, disabled }: { value: PlaceDraft; onChange(next: PlaceDraft): void; disabled?: boolean }) {
  const [error, setError] = useState('');
  const whereId = useId();
  const hintId = useId();
  const choose = async () => {
    setError('');
    try {
      const chosen = await call('syncChooseFolder', {});
      if (chosen) onChange({ ...value, where: chosen.folder });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const folder = value.kind === 'folder';
  return (
    <>
      <fieldset className="place-kind" disabled={disabled}>
        <legend>Sync through</legend>
        <label className="check">
          <input type="radio" name="sync-kind" checked={folder} onChange={() => onChange({ ...value, kind: 'folder', where: '' })} />
          <span>A synced folder</span>
        </label>
        <label className="check">
          <input type="radio" name="sync-kind" checked={!folder} onChange={() => onChange({ ...value, kind: 'git', where: '' })} />
          <span>A git remote</span>
        </label>
      </fieldset>
      {/* Not a wrapping label: the Choose… button inside would become part of the field's name. */}
      <div className="field">
        <label htmlFor={whereId}>{folder ? 'Folder' : 'Git remote address'}</label>
        <span className="input-with-button">
          <input
            id={whereId}
            value={value.where}
            onChange={(e) => onChange({ ...value, where: e.target.value })}
            placeholder={folder ? '/home/me/Sync/tokens' : 'git@gitlab.example.com:me/tokens.git'}
            spellCheck={false}
            disabled={disabled}
            aria-describedby={hintId}
          />
          {folder ? <button type="button" disabled={disabled} onClick={() => void choose()} aria-label="Choose the sync folder">Choose…</button> : null}
        </span>
        <small id={hintId} className="muted">
          {folder
            ? 'A folder Syncthing, Dropbox, Nextcloud, OneDrive or iCloud Drive carries between your devices, or a network share or USB stick.'
            : 'A private, empty repository, e.g. on your own GitLab. Your git’s own ssh key or credential helper is used.'}
        </small>
      </div>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <label className="field">
        <span>This device’s name (optional)</span>
        <input value={value.deviceName} onChange={(e) => onChange({ ...value, deviceName: e.target.value })} placeholder="This computer’s name" maxLength={100} disabled={disabled} />
      </label>
    </>
  );
}

/** The call's arguments from the form; the device name only when one was typed. */
export const placeArgs = (draft: PlaceDraft, password: string) => ({
  place: { kind: draft.kind, where: draft.where.trim() },
  password,
  ...(draft.deviceName.trim() ? { deviceName: draft.deviceName.trim() } : {}),
});

// Import from a file: main shows the native open dialog and reads the file; this dialog sees
// only the preview (counts, clashing names, refused rows and why), asks for the file's own
// password when it is locked (a KeePassXC database), then imports in one go after a backup.
import { useState, type FormEvent } from 'react';
import type { ImportPreview } from '../../../../electron/api';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { count } from '../../lib/plural';
import { useApp } from '../../store';

const FORMAT_NAMES: Record<ImportPreview['format'], string> = { csv: 'KeePassXC CSV export', json: 'Token Vault JSON', kdbx: 'KeePassXC database' };

export function ImportDialog({ onClose }: { onClose(): void }) {
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [clashes, setClashes] = useState<'skip' | 'rename'>('skip');
  const [password, setPassword] = useState('');
  const [keyFileName, setKeyFileName] = useState('');
  const [everyEntry, setEveryEntry] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const choose = () => run(async () => {
    const next = await call('importChooseFile', {});
    if (next) {
      setPreview(next);
      setKeyFileName('');
    }
  });
  const chooseKeyFile = () => run(async () => {
    const picked = await call('importChooseKeyFile', {});
    if (picked) setKeyFileName(picked.fileName);
  });
  const unlockFile = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      try {
        setPreview(await call('importUnlockFile', { password, all: everyEntry }));
      } finally {
        setPassword('');
      }
    });
  };
  const close = () => {
    void call('importCancel', {}).catch(() => undefined);
    onClose();
  };
  const commit = () => run(async () => {
    const done = await call('importCommit', { clashes });
    await useApp.getState().loadEntries();
    const parts = [`Imported ${count(done.imported, 'token')}`, done.renamed ? `${done.renamed} renamed` : '', done.skipped ? `${done.skipped} skipped` : ''].filter(Boolean);
    useApp.getState().toast({ tone: 'success', text: `${parts.join(', ')}.${done.backedUp ? ' A backup was made first.' : ''}` });
    onClose();
  });

  const storing = preview ? preview.ready + (clashes === 'rename' ? preview.clashes.length : 0) : 0;
  return (
    <Dialog title="Import tokens" onClose={close} wide description="From a KeePassXC database (.kdbx) or its CSV export, or from Token Vault’s JSON. You see what would happen before anything is stored.">
      {!preview ? (
        <div className="dialog-actions">
          <button type="button" onClick={close}>Cancel</button>
          <button type="button" className="primary" autoFocus disabled={busy} onClick={() => void choose()}>{busy ? 'Reading the file…' : 'Choose a file…'}</button>
        </div>
      ) : preview.needsPassword ? (
        <form onSubmit={unlockFile}>
          <p><strong>{preview.fileName}</strong> is a {FORMAT_NAMES[preview.format]} locked with its own password.</p>
          <label className="field">
            <span>Password of {preview.fileName}</span>
            <input type="password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="import-empty-password" />
          </label>
          <p className="muted" id="import-empty-password">Leave it empty if the database has no password{keyFileName ? ' and the key file alone opens it' : ' (KeePassXC’s “empty password”)'}.</p>
          {preview.format === 'kdbx' ? (
            <>
              <p className="import-key-file">
                <button type="button" onClick={() => void chooseKeyFile()} disabled={busy}>{keyFileName ? 'Another key file…' : 'Key file…'}</button>{' '}
                <span className="muted">{keyFileName ? `Key file: ${keyFileName}` : 'Only if the database also needs a key file.'}</span>
              </p>
              <label className="check">
                <input type="checkbox" checked={everyEntry} onChange={(e) => setEveryEntry(e.target.checked)} />
                <span>Every entry, not only those that look like GitLab tokens</span>
              </label>
            </>
          ) : null}
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <div className="dialog-actions">
            <button type="button" onClick={close}>Cancel</button>
            <button type="submit" className="primary" disabled={busy}>{busy ? 'Opening…' : 'Open file'}</button>
          </div>
        </form>
      ) : (
        <ImportSummary preview={preview} clashes={clashes} onClashes={setClashes} />
      )}
      {preview && !preview.needsPassword ? (
        <>
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <div className="dialog-actions">
            <button type="button" onClick={close}>Cancel</button>
            <button type="button" onClick={() => void choose()} disabled={busy}>Another file…</button>
            <button type="button" className="primary" autoFocus disabled={busy || storing === 0} onClick={() => void commit()}>
              {storing === 0 ? 'Nothing to import' : `Import ${count(storing, 'token')}`}
            </button>
          </div>
        </>
      ) : !preview && error ? <p className="field-error" role="alert">{error}</p> : null}
    </Dialog>
  );
}

function ImportSummary({ preview, clashes, onClashes }: { preview: ImportPreview; clashes: 'skip' | 'rename'; onClashes(c: 'skip' | 'rename'): void }) {
  return (
    <div className="import-summary" aria-label="What the import would do">
      <p>
        <strong>{preview.fileName}</strong> ({FORMAT_NAMES[preview.format]}) holds {count(preview.total, { one: 'entry', other: 'entries' })}:{' '}
        {count(preview.ready, 'token')} ready to import
        {preview.clashes.length ? `, ${count(preview.clashes.length, 'name')} already in the vault` : ''}
        {preview.refused.length ? `, ${count(preview.refused.length, 'row')} refused` : ''}.
      </p>
      {preview.clashes.length ? (
        <fieldset className="import-clashes">
          <legend>Already in the vault</legend>
          <ul className="import-list">{preview.clashes.map((c) => <li key={c.row}>{c.name}</li>)}</ul>
          <label className="check"><input type="radio" name="clashes" checked={clashes === 'skip'} onChange={() => onClashes('skip')} /><span>Skip these; keep the vault’s</span></label>
          <label className="check"><input type="radio" name="clashes" checked={clashes === 'rename'} onChange={() => onClashes('rename')} /><span>Import them too, as “name (imported)”</span></label>
        </fieldset>
      ) : null}
      {preview.refused.length ? (
        <section aria-label="Refused rows">
          <h3 className="import-heading">Refused, and why</h3>
          <ul className="import-list">{preview.refused.map((r) => <li key={r.row}><strong>{r.name}</strong>: {r.reason}</li>)}</ul>
        </section>
      ) : null}
      {preview.unlisted ? <p className="muted">…and {count(preview.unlisted, 'more row')} not listed.</p> : null}
      {preview.notes?.length ? (
        <section aria-label="What the database import takes and leaves">
          <h3 className="import-heading">From the database</h3>
          <ul className="import-list">{preview.notes.map((note) => <li key={note}>{note}</li>)}</ul>
        </section>
      ) : null}
    </div>
  );
}

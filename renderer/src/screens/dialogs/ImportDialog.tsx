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
  /** Rows ticked in the table; set from each new preview (GitLab tokens ticked). */
  const [picked, setPicked] = useState<Set<number>>(new Set());
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
  const show = (next: ImportPreview) => {
    setPreview(next);
    setPicked(new Set(next.rows.filter((r) => r.gitlab).map((r) => r.row)));
  };
  const choose = () => run(async () => {
    const next = await call('importChooseFile', {});
    if (next) {
      show(next);
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
        show(await call('importUnlockFile', { password }));
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
    const done = await call('importCommit', { clashes, rows: [...picked] });
    await useApp.getState().loadEntries();
    const parts = [`Imported ${count(done.imported, 'token')}`, done.renamed ? `${done.renamed} renamed` : '', done.skipped ? `${done.skipped} skipped` : ''].filter(Boolean);
    useApp.getState().toast({ tone: 'success', text: `${parts.join(', ')}.${done.backedUp ? ' A backup was made first.' : ''}` });
    onClose();
  });

  const storing = preview ? preview.rows.filter((r) => picked.has(r.row) && (!r.clash || clashes === 'rename')).length : 0;
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
            </>
          ) : null}
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <div className="dialog-actions">
            <button type="button" onClick={close}>Cancel</button>
            <button type="submit" className="primary" disabled={busy}>{busy ? 'Opening…' : 'Open file'}</button>
          </div>
        </form>
      ) : (
        <ImportSummary preview={preview} clashes={clashes} onClashes={setClashes} picked={picked} onPick={setPicked} />
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

interface SummaryProps {
  preview: ImportPreview;
  clashes: 'skip' | 'rename';
  onClashes(c: 'skip' | 'rename'): void;
  picked: Set<number>;
  onPick(next: Set<number>): void;
}

function ImportSummary({ preview, clashes, onClashes, picked, onPick }: SummaryProps) {
  const toggle = (row: number, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(row);
    else next.delete(row);
    onPick(next);
  };
  const allOn = preview.rows.length > 0 && preview.rows.every((r) => picked.has(r.row));
  const others = preview.rows.filter((r) => !r.gitlab).length;
  return (
    <div className="import-summary" aria-label="What the import would do">
      <p>
        <strong>{preview.fileName}</strong> ({FORMAT_NAMES[preview.format]}) holds {count(preview.total, { one: 'entry', other: 'entries' })}:{' '}
        {count(preview.rows.filter((r) => r.gitlab && !r.clash).length, 'token')} ready to import
        {others ? `, ${count(others, { one: 'other entry', other: 'other entries' })} listed unticked` : ''}
        {preview.clashes.length ? `, ${count(preview.clashes.length, 'name')} already in the vault` : ''}
        {preview.refused.length ? `, ${count(preview.refused.length, 'row')} refused` : ''}.
      </p>
      {preview.rows.length ? (
        <div className="import-table-wrap">
          <table className="import-table" aria-label="Entries to import">
            <thead>
              <tr>
                <th scope="col" className="import-pick">
                  <input type="checkbox" aria-label="Import every entry" checked={allOn} onChange={(e) => onPick(new Set(e.target.checked ? preview.rows.map((r) => r.row) : []))} />
                </th>
                <th scope="col">Entry</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.row} className={picked.has(r.row) ? undefined : 'import-row-off'}>
                  <td className="import-pick">
                    <input type="checkbox" aria-label={`Import ${r.name}`} checked={picked.has(r.row)} onChange={(e) => toggle(r.row, e.target.checked)} />
                  </td>
                  <td className="import-name">{r.name}</td>
                  <td className="import-why">
                    {r.gitlab ? 'GitLab token' : <span className="muted">{sentenceCase(r.why ?? '')}</span>}
                    {r.clash ? <span className="import-tag">Already in the vault</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
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

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// Change the master password: current, new (with the strength meter first run uses), repeat.
// Main re-keys the vault; then the dialog says plainly that older backups still open with the
// old password, and offers to delete them.
import { useId, useState, type FormEvent } from 'react';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { PasswordField } from '../../components/PasswordField';
import { StrengthMeter, useStrength } from '../../components/StrengthMeter';
import { count } from '../../lib/plural';
import { useApp } from '../../store';
import { whyNotYet } from '../FirstRun';

const REPEAT_LABEL = 'Repeat the new master password';

export function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const strength = useStrength(next);
  const [strict, setStrict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [olderBackups, setOlderBackups] = useState<number | null>(null);
  const meterId = useId();
  const whyId = useId();

  const mismatch = again.length > 0 && again !== next;
  const why = !current ? 'Type the master password in use now.' : whyNotYet(next, again, strength.current?.score ?? null, REPEAT_LABEL, strict);
  const change = async (e: FormEvent) => {
    e.preventDefault();
    if (why || busy) return;
    setBusy(true);
    setError('');
    try {
      const done = await call('vaultChangePassword', { current, next });
      setCurrent('');
      setNext('');
      setAgain('');
      useApp.getState().toast({ tone: 'success', text: 'Master password changed; the vault is re-encrypted under a new key.' });
      if (done.olderBackups === 0) onClose();
      else setOlderBackups(done.olderBackups);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const deleteOlder = async () => {
    setBusy(true);
    try {
      const { deleted } = await call('backupsDeleteOlderThanPassword', {});
      useApp.getState().toast({ tone: 'success', text: `Deleted ${count(deleted, 'backup')} made with the old password.` });
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  if (olderBackups !== null) {
    return (
      <Dialog title="Older backups still open with the old password" onClose={onClose}>
        <p>
          {count(olderBackups, 'backup')} made before this change {olderBackups === 1 ? 'still opens' : 'still open'} with the <strong>old</strong> master password. If you changed it because someone may know it, delete {olderBackups === 1 ? 'it' : 'them'}; copies you made elsewhere (a USB stick) are not touched.
        </p>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>{olderBackups === 1 ? 'Keep it' : 'Keep them'}</button>
          <button type="button" className="danger" autoFocus disabled={busy} onClick={() => void deleteOlder()}>Delete {count(olderBackups, 'old backup')}</button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Change master password" onClose={onClose} description="The vault is re-encrypted under a new key. Backups made before the change keep opening with the old password.">
      <form onSubmit={change}>
        <PasswordField label="Current master password" autoFocus autoComplete="current-password" value={current} onChange={setCurrent} disabled={busy} />
        <PasswordField label="New master password" autoComplete="new-password" value={next} onChange={setNext} describedBy={meterId} disabled={busy} />
        <StrengthMeter id={meterId} password={next} strength={strength.shown} />
        <label className="check"><input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} disabled={busy} /> <span>Only accept a strong password</span></label>
        <PasswordField
          label={REPEAT_LABEL}
          autoComplete="new-password"
          value={again}
          onChange={setAgain}
          invalid={mismatch}
          disabled={busy}
          hint={mismatch ? <p className="field-error">The two new passwords differ.</p> : null}
        />
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={Boolean(why) || busy} aria-describedby={why ? whyId : undefined}>{busy ? 'Re-encrypting…' : 'Change password'}</button>
        </div>
        {why && !busy ? <p id={whyId} className="muted why-disabled">{why}</p> : null}
      </form>
    </Dialog>
  );
}

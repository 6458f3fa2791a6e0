// Offered right after a vault is created (and from Settings): the recovery sheet, to print or
// save as PDF through the system's print dialog. The master password goes on it only when asked.
import { useEffect, useState } from 'react';
import { call } from '../client';
import { recoverySheet } from '../lib/recovery-sheet';
import { useApp } from '../store';
import { Dialog } from './Dialog';
import { PasswordField } from './PasswordField';

export function RecoverySheetDialog({ onClose }: { onClose(): void }) {
  const status = useApp((s) => s.status);
  const [folder, setFolder] = useState<string | null>(null);
  const [withPassword, setWithPassword] = useState(false);
  const [password, setPassword] = useState('');
  useEffect(() => {
    call('backupsFolder', {}).then((f) => setFolder(f.path), () => setFolder(null));
  }, []);
  if (!status) return null;
  const sheet = recoverySheet({ vaultName: status.name, vaultFile: status.path, backupsFolder: folder, createdAt: new Date() }, withPassword && password ? password : null);
  const close = () => {
    setPassword('');
    onClose();
  };
  return (
    <Dialog title="Print a recovery sheet" onClose={close} wide description="Keep it with your important papers: it says how to get this vault back if this computer is lost. Print it, or choose “Save as PDF” in the print dialog.">
      <div className="recovery-sheet" data-testid="recovery-sheet">
        <h2>{sheet.title}</h2>
        {sheet.sections.map((s) => (
          <section key={s.heading}>
            <h3>{s.heading}</h3>
            {s.lines.map((l) => <p key={l}>{l}</p>)}
          </section>
        ))}
        <section>
          <h3>Master password</h3>
          {sheet.passwordLine ? <p className="sheet-password"><code>{sheet.passwordLine}</code></p> : <div className="sheet-write-here" aria-label="Space to write the master password by hand" />}
        </section>
      </div>
      <label className="check">
        <input type="checkbox" checked={withPassword} onChange={(e) => { setWithPassword(e.target.checked); if (!e.target.checked) setPassword(''); }} />
        <span>Print my master password on it (anyone who finds the sheet and a copy of the vault can then open it)</span>
      </label>
      {withPassword ? <PasswordField label="Master password to print" autoComplete="current-password" value={password} onChange={setPassword} /> : null}
      <div className="dialog-actions">
        <button type="button" onClick={close}>Not now</button>
        <button type="button" className="primary" onClick={() => window.print()}>Print or save as PDF…</button>
      </div>
    </Dialog>
  );
}

// "Choose…" beside a folder field: main shows the native folder dialog and answers the path.
import { useState } from 'react';
import { call, messageOf } from '../client';
import { useApp } from '../store';

export function ChooseFolderButton({ label, onChosen }: { label: string; onChosen(folder: string): void }) {
  const [busy, setBusy] = useState(false);
  const choose = async () => {
    setBusy(true);
    try {
      const chosen = await call('backupsChooseFolder', {});
      if (chosen) onChosen(chosen.folder);
    } catch (e) {
      useApp.getState().toast({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" aria-label={label} disabled={busy} onClick={() => void choose()}>
      Choose…
    </button>
  );
}

// "Already stored as ci-deploy-api — Open it": a pasted token the vault holds already (main found
// it by its keyed tag, whatever the token is called now). Opening it closes what was adding it;
// one in the Trash is offered from the Trash instead.
import { useApp } from '../store';

export function StoredAs({ holder, onOpen }: { holder: { id: string; name: string; inTrash: boolean }; onOpen?: () => void }) {
  const open = () => {
    const { select, setView } = useApp.getState();
    onOpen?.();
    if (holder.inTrash) setView('trash');
    else {
      select(holder.id);
      setView('list');
    }
  };
  return (
    <p className="warning stored-as" role="alert">
      {holder.inTrash ? <>This token is in the Trash as <strong>“{holder.name}”</strong>. </> : <>Already stored as <strong>“{holder.name}”</strong>. </>}
      <button type="button" className="fix-action" onClick={open}>{holder.inTrash ? 'Open the Trash' : 'Open it'}</button>
    </p>
  );
}

/** A list fetched from the node, and changes to it that fetch it again once they are done. */
import { useEffect, useState } from 'preact/hooks';
import { useAction } from './use-action';

export function useListed<T>(load: () => Promise<T[]>, dependencies: unknown[] = []) {
  const [items, setItems] = useState<T[]>();
  const action = useAction();
  const refresh = async () => setItems(await load());
  useEffect(() => void action.run(refresh), dependencies);
  /** Runs `work` (busy and error shown as for any action), then lists again. */
  const change = (work: () => Promise<void>) =>
    action.run(async () => {
      await work();
      await refresh();
    });
  return { items, change, ...action };
}

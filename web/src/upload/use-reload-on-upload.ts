/** Refreshes the folder on screen when uploads into it finish, at most a few times a second. */
import { useEffect } from 'preact/hooks';
import type { UploadQueue } from './upload-queue';

const RELOAD_DELAY_MS = 300;

export function useReloadOnUpload(queue: UploadQueue, pool: string, folder: string, reload: () => void): void {
  useEffect(() => {
    const prefix = folder ? `${folder}/` : '';
    let seen = new Set(queue.list().filter((u) => u.state === 'done').map((u) => u.id));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = queue.subscribe(() => {
      const done = queue.list().filter((u) => u.state === 'done');
      const arrived = done.some((u) => !seen.has(u.id) && u.pool === pool && u.path.startsWith(prefix));
      seen = new Set(done.map((u) => u.id));
      if (arrived && timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          reload();
        }, RELOAD_DELAY_MS);
      }
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [queue, pool, folder, reload]);
}

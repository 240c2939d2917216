/** What a share link's visitor is told when the link no longer works. */
import { ApiError } from '../api/http';

export function linkProblem(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 410) return 'This link is gone: it has expired or has been used up.';
    if (err.status === 404 || err.status === 400) return 'This link is gone: it does not exist, or it was revoked.';
    if (err.status === 413) return `Too large for this link: ${err.message}`;
  }
  return `The node refused: ${(err as Error).message}`;
}

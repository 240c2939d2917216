/**
 * A secure file behind a share link: the ciphertext comes from the node, the key from the link's
 * fragment (or the visitor types the passphrase), and decryption happens here.
 */
import { sharedContentUrl } from '../api/links';
import type { Entry } from '../api/types';
import { Icon } from '../components/icons';
import { linkProblem } from '../share/shared-errors';
import { takeFragmentKey } from './fragment';
import { fetchSealed } from './sealed-source';
import { SecureViewer } from './SecureViewer';
import { useSecureFile } from './use-secure-file';

export function SecureSharedFile({ token, item }: { token: string; item: Entry }) {
  const { state, unlock } = useSecureFile(() => fetchSealed(sharedContentUrl(token, '')), linkProblem, takeFragmentKey());
  return (
    <section class="card shared-file" aria-labelledby="shared-file-name">
      <h1 id="shared-file-name"><Icon name="lock" /> {state.kind === 'open' ? state.metadata.name : item.name}</h1>
      <SecureViewer state={state} onKey={(secret) => void unlock(secret)} />
    </section>
  );
}

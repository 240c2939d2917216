/** A shared file: its name and size, a preview when it is an image, and Download; a secure file is decrypted here first. */
import { sharedContentUrl, sharedThumbnailUrl } from '../api/links';
import type { Entry } from '../api/types';
import { Icon } from '../components/icons';
import { formatSize } from '../format';
import { isSecureName } from '../secure/format';
import { SecureSharedFile } from '../secure/SecureSharedFile';

const IMAGE = /\.(jpe?g|png|webp|gif|tiff?|avif)$/i;

export function SharedFile({ token, item }: { token: string; item: Entry }) {
  if (isSecureName(item.name)) return <SecureSharedFile token={token} item={item} />;
  return (
    <section class="card shared-file" aria-labelledby="shared-file-name">
      {IMAGE.test(item.name) && <img class="preview" src={sharedThumbnailUrl(token, '')} alt={`Preview of ${item.name}`} width={256} height={256} />}
      <h1 id="shared-file-name">{item.name}</h1>
      <p class="muted">{formatSize(item.size)}</p>
      <a class="button primary" href={sharedContentUrl(token, '', true)} download={item.name}>
        <Icon name="download" /> Download
      </a>
    </section>
  );
}

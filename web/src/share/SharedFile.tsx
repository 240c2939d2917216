/** A shared file: its name and size, a picture when it is an image, Preview and Download; a secure file is decrypted here first. */
import { sharedContentUrl, sharedThumbnailUrl } from '../api/links';
import type { Entry } from '../api/types';
import { Icon } from '../components/icons';
import { formatSize } from '../format';
import { sharedFileSource } from '../preview/entry-sources';
import { previewKind } from '../preview/source';
import { usePreview } from '../preview/use-preview';
import { isSecureName } from '../secure/format';
import { SecureSharedFile } from '../secure/SecureSharedFile';

export function SharedFile({ token, item }: { token: string; item: Entry }) {
  const items = [item];
  const preview = usePreview(items, (file) => sharedFileSource(token, '', file));
  if (isSecureName(item.name)) return <SecureSharedFile token={token} item={item} />;
  return (
    <section class="card shared-file" aria-labelledby="shared-file-name">
      {previewKind(item) === 'image' && <img class="preview" src={sharedThumbnailUrl(token, '')} alt={`Preview of ${item.name}`} width={256} height={256} />}
      <h1 id="shared-file-name">{item.name}</h1>
      <p class="muted">{formatSize(item.size)}</p>
      <div class="shared-file-actions">
        {previewKind(item) !== 'none' && <button type="button" onClick={() => preview.open(item)}>Preview</button>}
        <a class="button primary" href={sharedContentUrl(token, '', true)} download={item.name}>
          <Icon name="download" /> Download
        </a>
      </div>
      {preview.dialog}
    </section>
  );
}

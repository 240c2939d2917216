/** A shared file: its name and size, a picture when it is an image, Preview and Download. */
import { sharedContentUrl, sharedThumbnailUrl } from '../api/links';
import type { Entry } from '../api/types';
import { Icon } from '../components/icons';
import { formatSize } from '../format';
import { sharedFileSource } from '../preview/entry-sources';
import { previewKind } from '../preview/source';
import { usePreview } from '../preview/use-preview';

export function SharedFile({ token, item }: { token: string; item: Entry }) {
  const items = [item];
  const preview = usePreview(items, (file) => sharedFileSource(token, '', file));
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

/** Where this folder is: the pool, then each folder on the way down, each a link and a place to drag entries to. */
import { filesUrl, followLink } from '../router';
import type { DragMove } from './use-drag-move';

export function Breadcrumbs({ pool, path, drag }: { pool: string; path: string; drag: DragMove }) {
  const parts = path ? path.split('/') : [];
  const crumbs = [{ name: pool, path: '' }, ...parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join('/') }))];
  return (
    <nav class="breadcrumbs" aria-label="Folder path">
      <ol>
        {crumbs.map((crumb, i) => (
          <li key={crumb.path}>
            {i === crumbs.length - 1 ? (
              <span aria-current="page">{crumb.name}</span>
            ) : (
              <a href={filesUrl(pool, crumb.path)} onClick={followLink} class={drag.hovered === crumb.path ? 'drop-target' : undefined} {...drag.dropInto(crumb.path)}>
                {crumb.name}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

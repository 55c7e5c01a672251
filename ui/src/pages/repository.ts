import {api, ApiError, query, repositoryPath} from '../api.js';
import {copyArea, copyCommand} from '../clipboard.js';
import {h, table} from '../dom.js';
import {exactTime, humanSize, platformText, relativeTime, shortDigest} from '../format.js';
import {notify} from '../messages.js';
import {manifestLink, repositoriesLink, repositoryLink} from '../routes.js';
import type {Listing, RepositorySummary, TagSummary} from '../types.js';
import {referrerBadgeList} from './badges.js';
import {pager, searchForm} from './paging.js';

const PAGE_SIZE = 20;
const HEADERS = ['Tag', 'Digest', 'Size', 'Platforms', 'Created', 'Pushed', 'Referrers', ''];

/** A repository's tags, with pull commands to copy and a delete button per tag. */
export async function repositoryPage(name: string, q: string, index: number,
                                     onUnauthorized: (error: ApiError) => void): Promise<Node> {
  const [summary, tags] = await Promise.all([
    api<RepositorySummary>(repositoryPath(name)),
    api<Listing<TagSummary>>(repositoryPath(name, 'tags') + query({q, page: index, size: PAGE_SIZE, sort: 'name'})),
  ]);
  const copied = copyArea();
  const rows = tags.items.map(tag => tagRow(name, tag, copied, onUnauthorized, summary.upstream === null));
  return h('section', {class: 'page page-repository'},
    h('nav', {class: 'crumbs'}, h('a', {href: repositoriesLink()}, 'Repositories'), ' / '),
    h('h1', {class: 'repository-name'}, name),
    h('p', {class: 'summary'},
      `${summary.tagCount} tag${summary.tagCount === 1 ? '' : 's'} · ${humanSize(summary.sizeBytes)}`,
      summary.lastPushedAt ? ` · last push ${relativeTime(summary.lastPushedAt)}` : '',
      summary.upstream ? ` · cache of ${summary.upstream}` : ''),
    searchForm('tag-search', 'Search tags', q, text => repositoryLink(name, text)),
    copied,
    tags.items.length === 0
      ? h('p', {class: 'empty'}, q ? `No tag matches “${q}”.` : 'No tags.')
      : table(HEADERS, rows, 'tags'),
    pager(tags, page => repositoryLink(name, q, page)));
}

function tagRow(name: string, tag: TagSummary, copied: HTMLElement,
                onUnauthorized: (error: ApiError) => void, deletable: boolean): HTMLTableRowElement {
  const host = location.host;
  const reference = `${host}/${name}:${tag.name}`;
  const row = h('tr', {'data-tag': tag.name});
  const remove = h('button', {type: 'button', class: 'danger delete-tag', title: `Delete tag ${tag.name}`},
    'Delete');
  let armed: number | null = null;
  remove.addEventListener('click', async () => {
    // First click arms the button; the second, within a few seconds, deletes.
    if (armed === null) {
      remove.textContent = 'Confirm delete';
      remove.classList.add('armed');
      armed = window.setTimeout(() => {
        armed = null;
        remove.textContent = 'Delete';
        remove.classList.remove('armed');
      }, 5000);
      return;
    }
    window.clearTimeout(armed);
    armed = null;
    remove.disabled = true;
    try {
      await api<void>(repositoryPath(name, 'tags', tag.name), 'DELETE');
      row.remove();
      notify(`Deleted tag ${tag.name}.`, 'success');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        onUnauthorized(e);
        return;
      }
      notify(`Could not delete ${tag.name}: ${e instanceof ApiError ? e.detail : String(e)}`, 'error');
      remove.disabled = false;
      remove.textContent = 'Delete';
      remove.classList.remove('armed');
    }
  });
  const platforms = (tag.platforms || []).map(platformText).filter(text => !!text);
  const artifactTypes = tag.referrers?.artifactTypes ?? [];
  row.append(
    h('td', {class: 'name'}, h('a', {href: manifestLink(name, tag.name), class: 'tag-link'}, tag.name)),
    h('td', {}, h('a', {href: manifestLink(name, tag.digest), title: tag.digest},
      h('code', {}, shortDigest(tag.digest)))),
    h('td', {class: 'number'}, humanSize(tag.sizeBytes)),
    h('td', {class: 'platforms'}, platforms.join(', ')),
    h('td', {}, h('time', {datetime: tag.createdAt, title: exactTime(tag.createdAt)}, relativeTime(tag.createdAt))),
    h('td', {}, h('time', {datetime: tag.pushedAt, title: exactTime(tag.pushedAt)}, relativeTime(tag.pushedAt)),
      tag.revalidatedAt
        ? h('span', {class: 'revalidated', title: `checked with the upstream ${exactTime(tag.revalidatedAt)}`},
          ` · checked ${relativeTime(tag.revalidatedAt)}`)
        : ''),
    h('td', {class: 'badges'}, referrerBadgeList(artifactTypes)),
    h('td', {class: 'actions'},
      h('button', {type: 'button', class: 'copy-podman', title: `podman pull ${reference}`,
        onclick: () => copyCommand(copied, `podman pull ${reference}`)}, 'podman pull'),
      h('button', {type: 'button', class: 'copy-docker', title: `docker pull ${reference}`,
        onclick: () => copyCommand(copied, `docker pull ${reference}`)}, 'docker pull'),
      deletable ? remove : ''));
  return row;
}

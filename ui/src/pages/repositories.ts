import {api, query} from '../api.js';
import {h, table} from '../dom.js';
import {exactTime, humanSize, relativeTime} from '../format.js';
import {repositoriesLink, repositoryLink} from '../routes.js';
import type {Listing, RepositorySummary} from '../types.js';
import {pager, searchForm} from './paging.js';

const PAGE_SIZE = 20;

export async function repositoriesPage(q: string, index: number): Promise<Node> {
  const listing = await api<Listing<RepositorySummary>>('api/v1/repositories'
    + query({q, page: index, size: PAGE_SIZE, sort: 'name'}));
  const rows = listing.items.map(repository => h('tr', {'data-repository': repository.name},
    h('td', {class: 'name'}, h('a', {href: repositoryLink(repository.name)}, repository.name)),
    h('td', {class: 'number'}, repository.tagCount),
    h('td', {class: 'number'}, humanSize(repository.sizeBytes)),
    h('td', {}, h('time', {datetime: repository.lastPushedAt, title: exactTime(repository.lastPushedAt)},
      relativeTime(repository.lastPushedAt)))));
  return h('section', {class: 'page page-repositories'},
    h('h1', {}, 'Repositories'),
    searchForm('repository-search', 'Search repositories', q, text => repositoriesLink(text)),
    listing.items.length === 0
      ? h('p', {class: 'empty'}, q ? `No repository matches “${q}”.` : 'No repositories yet: push an image.')
      : table(['Repository', 'Tags', 'Size', 'Last push'], rows, 'repositories'),
    pager(listing, page => repositoriesLink(q, page)));
}

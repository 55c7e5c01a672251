import {h} from '../dom.js';
import type {Listing} from '../types.js';

/** "21–40 of 45" with Prev and Next links. */
export function pager<T>(listing: Listing<T>, link: (index: number) => string): HTMLElement {
  const first = listing.total === 0 ? 0 : listing.page * listing.size + 1;
  const last = Math.min(listing.total, listing.page * listing.size + listing.items.length);
  const hasPrevious = listing.page > 0;
  const hasNext = (listing.page + 1) * listing.size < listing.total;
  return h('nav', {class: 'pager', 'aria-label': 'Pages'},
    hasPrevious
      ? h('a', {class: 'button', rel: 'prev', href: link(listing.page - 1)}, '‹ Prev')
      : h('span', {class: 'button disabled', 'aria-disabled': 'true'}, '‹ Prev'),
    h('span', {class: 'page-range'}, `${first}–${last} of ${listing.total}`),
    hasNext
      ? h('a', {class: 'button', rel: 'next', href: link(listing.page + 1)}, 'Next ›')
      : h('span', {class: 'button disabled', 'aria-disabled': 'true'}, 'Next ›'));
}

/** A search box that navigates to the link for its query. */
export function searchForm(id: string, label: string, q: string, link: (q: string) => string): HTMLFormElement {
  const input = h('input', {type: 'search', id, name: 'q', value: q, placeholder: label, 'aria-label': label,
    autocapitalize: 'none', spellcheck: 'false'});
  const form = h('form', {class: 'search', role: 'search'}, input, h('button', {type: 'submit'}, 'Search'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = link(input.value.trim());
  });
  return form;
}

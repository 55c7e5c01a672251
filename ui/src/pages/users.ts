// #/admin/users (admins): accounts with paging; create one; enable or disable, make or unmake
// admin, delete (two clicks).

import {api, query} from '../api.js';
import {h, table} from '../dom.js';
import {notify} from '../messages.js';
import {usersLink} from '../routes.js';
import type {Listing, User} from '../types.js';
import {act, adminForm, confirmButton, field, when, yesNo} from './admin.js';
import {pager} from './paging.js';

const PAGE_SIZE = 20;
const HEADERS = ['Username', 'Admin', 'Enabled', 'Created', ''];

export async function usersPage(index: number): Promise<Node> {
  const listing = await api<Listing<User>>('api/v1/users' + query({page: index, size: PAGE_SIZE}));
  const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  return h('section', {class: 'page page-users'},
    h('h1', {}, 'Users'),
    listing.items.length === 0
      ? h('p', {class: 'empty'}, 'No users.')
      : table(HEADERS, listing.items.map(user => userRow(user)), 'users'),
    pager(listing, page => usersLink(page)),
    createForm(reload));
}

function userRow(initial: User): HTMLTableRowElement {
  const row = h('tr', {'data-user': initial.username});
  const fill = (user: User) => {
    row.replaceChildren(
      h('td', {class: 'name'}, user.username, user.robot ? h('span', {class: 'badge'}, 'robot') : null,
        user.origin && user.origin !== 'local'
          ? h('span', {class: 'badge external', title: 'No Berth password: signs in through ' + user.origin},
            user.origin) : null),
      h('td', {class: 'admin'}, yesNo(user.admin)),
      h('td', {class: 'enabled'}, yesNo(user.enabled)),
      h('td', {}, when(user.createdAt)),
      h('td', {class: 'actions'},
        toggle(user.enabled ? 'Disable' : 'Enable', 'toggle-enabled',
          `Could not ${user.enabled ? 'disable' : 'enable'} ${user.username}`,
          () => patch(user.username, {enabled: !user.enabled})),
        user.robot ? null : toggle(user.admin ? 'Remove admin' : 'Make admin', 'toggle-admin',
          `Could not change ${user.username}`, () => patch(user.username, {admin: !user.admin})),
        confirmButton('Delete', 'delete-user', `Delete ${user.username}`, `Could not delete ${user.username}`,
          async () => {
            await api<void>(`api/v1/users/${encodeURIComponent(user.username)}`, 'DELETE');
            row.remove();
            notify(`Deleted the user ${user.username}.`, 'success');
          })));
    row.querySelectorAll('td').forEach((cell, i) => cell.setAttribute('data-label', HEADERS[i] ?? ''));
  };
  const toggle = (label: string, className: string, what: string, change: () => Promise<User>) => {
    const button: HTMLButtonElement = h('button', {type: 'button', class: className}, label);
    button.addEventListener('click', () => void act(button, what, async () => {
      const user = await change();
      fill(user);
      notify(`${user.username}: admin ${yesNo(user.admin)}, enabled ${yesNo(user.enabled)}.`, 'success');
    }));
    return button;
  };
  fill(initial);
  return row;
}

function patch(username: string, body: Record<string, unknown>): Promise<User> {
  return api<User>(`api/v1/users/${encodeURIComponent(username)}`, 'PATCH', body);
}

function createForm(reload: () => void): HTMLFormElement {
  const username = h('input', {type: 'text', id: 'new-username', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', required: true});
  const password = h('input', {type: 'password', id: 'new-user-password', autocomplete: 'new-password',
    required: true});
  const admin = h('input', {type: 'checkbox', id: 'new-user-admin'});
  return adminForm('user-form', 'New user', [
    field('Username', username),
    field('Password', password, 'At least 8 characters.'),
    field('Administrator', admin),
  ], 'Create user', 'Could not create the user', async () => {
    const created = await api<User>('api/v1/users', 'POST',
      {username: username.value.trim(), password: password.value, admin: admin.checked});
    reload();
    window.setTimeout(() => notify(`Created the user ${created.username}.`, 'success'), 0);
  });
}

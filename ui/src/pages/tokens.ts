// Access tokens of one user (or robot): the list with revoke buttons, and a form that creates one
// and shows its secret once, with a copy button and the docker login command to use it with.

import {api} from '../api.js';
import {copyText} from '../clipboard.js';
import {append, clear, h, table} from '../dom.js';
import {notify} from '../messages.js';
import type {AccessToken, CreatedToken, Listing} from '../types.js';
import {adminForm, confirmButton, field, when} from './admin.js';

const ACTIONS = ['pull', 'push', 'delete'];
const HEADERS = ['Description', 'Namespace', 'Actions', 'Expires', 'Last used', 'Status', ''];

function tokensPath(username: string, ...rest: string[]): string {
  return 'api/v1/users/' + [username, 'tokens', ...rest].map(encodeURIComponent).join('/');
}

/**
 * The token section for one account. namespaces: offered in the namespace field; fixedNamespace:
 * tokens are always limited to it (a robot's namespace); idPrefix keeps element ids apart.
 */
export function tokenSection(username: string, namespaces: string[], fixedNamespace: string | null,
                             idPrefix = 'token'): HTMLElement {
  const list = h('div', {class: 'token-list', id: idPrefix + '-list'});
  const secretArea = h('div', {class: 'secret-box', id: idPrefix + '-secret-box', hidden: true});

  const refresh = async () => {
    const listing = await api<Listing<AccessToken>>(tokensPath(username) + '?size=100');
    clear(list);
    if (listing.items.length === 0) {
      list.append(h('p', {class: 'empty'}, 'No access tokens yet.'));
      return;
    }
    append(list, [table(HEADERS, listing.items.map(token => tokenRow(username, token, refresh)), 'tokens'),
      listing.total > listing.items.length
        ? h('p', {class: 'hint'}, `Showing ${listing.items.length} of ${listing.total}.`) : null]);
  };

  const description = h('input', {type: 'text', id: idPrefix + '-description', name: 'description',
    maxlength: 200, placeholder: 'laptop, CI, …', required: true});
  const days = h('input', {type: 'number', id: idPrefix + '-days', name: 'expiresInDays', min: 1, max: 3650,
    value: 90});
  const namespace = h('input', {type: 'text', id: idPrefix + '-namespace', name: 'namespace',
    list: idPrefix + '-namespaces', autocapitalize: 'none', spellcheck: 'false',
    placeholder: 'any', value: fixedNamespace ?? '', readonly: fixedNamespace !== null});
  const choices = h('datalist', {id: idPrefix + '-namespaces'},
    namespaces.map(name => h('option', {value: name})));
  const boxes = ACTIONS.map(action => h('input', {type: 'checkbox', id: `${idPrefix}-action-${action}`,
    name: 'actions', value: action, checked: action !== 'delete'}));

  const form = adminForm(idPrefix + '-form', 'New access token', [
    field('Description', description),
    field('Expires in days', days, 'Empty: never expires.'),
    field('Namespace', namespace, fixedNamespace ? 'A robot\'s tokens stay in its namespace.' : 'Empty: any.'),
    choices,
    h('fieldset', {class: 'actions-choice'}, h('legend', {}, 'Allowed'),
      boxes.map(box => field(box.value, box))),
  ], 'Create token', 'Could not create the token', async () => {
    const actions = boxes.filter(box => box.checked).map(box => box.value);
    const created = await api<CreatedToken>(tokensPath(username), 'POST', {
      description: description.value.trim(),
      expiresInDays: days.value.trim() ? Number(days.value) : null,
      namespace: namespace.value.trim() || null,
      actions,
    });
    showSecret(secretArea, username, created);
    description.value = '';
    notify(`Created the access token “${created.description ?? ''}”. Copy it now: it is shown only once.`,
      'success');
    await refresh();
  });

  const section = h('section', {class: 'tokens', id: idPrefix + '-section'},
    secretArea, list, form);
  void refresh().catch(e => {
    clear(list);
    list.append(h('p', {class: 'message error'}, `Could not list the tokens: ${e instanceof Error ? e.message : e}`));
  });
  return section;
}

function tokenRow(username: string, token: AccessToken, refresh: () => Promise<void>): HTMLTableRowElement {
  const status = token.revokedAt ? 'revoked' : token.active ? 'active' : 'expired';
  return h('tr', {'data-token': token.id, class: token.active ? '' : 'inactive'},
    h('td', {class: 'name'}, token.description || '—'),
    h('td', {}, token.namespace || 'any'),
    h('td', {}, (token.actions && token.actions.length ? token.actions : ACTIONS).join(', ')),
    h('td', {}, when(token.expiresAt, 'never')),
    h('td', {}, when(token.lastUsedAt, 'never')),
    h('td', {}, h('span', {class: 'badge badge-' + (token.active ? 'signed' : 'other')}, status)),
    h('td', {class: 'actions'}, token.active
      ? confirmButton('Revoke', 'revoke-token', `Revoke ${token.description ?? token.id}`,
        'Could not revoke the token', async () => {
          await api<void>(tokensPath(username, token.id), 'DELETE');
          notify(`Revoked the access token “${token.description ?? token.id}”.`, 'success');
          await refresh();
        })
      : null));
}

/** The new secret, once: readable, selectable, copyable, with how to log in with it. */
function showSecret(area: HTMLElement, username: string, created: CreatedToken): void {
  clear(area);
  area.hidden = false;
  const status = h('span', {class: 'copy-status'});
  const secretField = h('input', {type: 'text', readonly: true, class: 'copy-field secret-field',
    id: 'new-token-secret', value: created.token, 'aria-label': 'The new access token', spellcheck: 'false'});
  const copy = h('button', {type: 'button', id: 'copy-token', class: 'primary'}, 'Copy');
  copy.addEventListener('click', async () => {
    status.textContent = await copyText(secretField, created.token)
      ? 'Copied to the clipboard.' : 'Selected: press Ctrl+C (⌘C) to copy.';
  });
  area.append(
    h('p', {class: 'secret-title'}, h('strong', {}, 'Your new access token'),
      ' — copy it now: it will not be shown again.'),
    h('div', {class: 'secret-row'}, secretField, copy),
    status,
    h('p', {class: 'hint'}, 'Use it as the password:'),
    h('code', {class: 'login-hint', id: 'token-login-hint'},
      `docker login -u ${username} --password-stdin ${location.host}`),
    h('button', {type: 'button', class: 'link', onclick: () => {
      clear(area);
      area.hidden = true;
    }}, 'I have copied it: hide'));
  secretField.focus();
  secretField.select();
}

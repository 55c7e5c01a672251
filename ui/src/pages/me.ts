// #/me: who the caller is, their namespaces and roles, changing their password, their access tokens.

import {api, login} from '../api.js';
import {facts, h, table} from '../dom.js';
import {notify} from '../messages.js';
import {namespaceLink} from '../routes.js';
import type {Me} from '../types.js';
import {adminForm, field, yesNo} from './admin.js';
import {tokenSection} from './tokens.js';

export async function mePage(): Promise<Node> {
  const me = await api<Me>('api/v1/me');
  const namespaces = me.namespaces.map(membership => membership.namespace);
  return h('section', {class: 'page page-me'},
    h('h1', {id: 'me-username'}, me.username),
    facts([
      ['Administrator', yesNo(me.admin)],
      ['Robot', me.robot ? 'yes' : null],
      ['Account', external(me.origin)],
      ['Signed in with', me.accessToken ? 'an access token' : me.origin === 'local' ? 'a password' : me.origin],
    ]),
    me.accessToken
      ? h('p', {class: 'message info'}, 'Signed in with an access token: log in with your password to change '
        + 'it or to manage access tokens.')
      : null,
    h('h2', {}, 'My namespaces ', h('span', {class: 'count'}, String(me.namespaces.length))),
    me.namespaces.length === 0
      ? h('p', {class: 'empty'}, 'No namespace yet.')
      : table(['Namespace', 'Role'], me.namespaces.map(membership => h('tr', {'data-namespace': membership.namespace},
        h('td', {class: 'name'}, h('a', {href: namespaceLink(membership.namespace)}, membership.namespace)),
        h('td', {}, membership.role))), 'my-namespaces'),
    // External people have no Berth password: their identity provider keeps it.
    me.robot || me.accessToken || me.origin !== 'local' ? null : passwordForm(me.username),
    me.accessToken ? null : [
      h('h2', {}, 'Access tokens'),
      h('p', {class: 'hint'}, 'Use an access token instead of your password for docker, podman and scripts. '
        + 'It can pull and push, never manage accounts.'),
      tokenSection(me.username, namespaces, null)]);
}

/** Where an external account signs in, for the facts; null for local accounts. */
export function external(origin: string): string | null {
  if (origin === 'ldap') {
    return 'external: signs in with the directory (LDAP) password';
  }
  return origin.startsWith('oidc:') ? `external: signs in through ${origin.slice('oidc:'.length)} (OIDC)` : null;
}

// A new password ends every session issued under the old one, this one included: the page logs
// in again with the new password so the user stays signed in.
function passwordForm(username: string): HTMLFormElement {
  const current = h('input', {type: 'password', id: 'current-password', autocomplete: 'current-password',
    required: true});
  const password = h('input', {type: 'password', id: 'new-password', autocomplete: 'new-password', required: true});
  const repeat = h('input', {type: 'password', id: 'repeat-password', autocomplete: 'new-password', required: true});
  return adminForm('password-form', 'Change my password', [
    field('Current password', current),
    field('New password', password, 'At least 8 characters.'),
    field('Repeat it', repeat),
  ], 'Change password', 'Could not change the password', async () => {
    if (password.value !== repeat.value) {
      throw new Error('the two passwords differ.');
    }
    await api(`api/v1/users/${encodeURIComponent(username)}`, 'PATCH',
      {password: password.value, currentPassword: current.value});
    await login(username, password.value);
    current.value = '';
    password.value = '';
    repeat.value = '';
    notify('Changed your password.', 'success');
  });
}

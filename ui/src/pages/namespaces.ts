// #/namespaces: the caller's namespaces (every one for admins), and creating one.
// #/namespaces/<name>: anonymous pull on or off, members and their roles, robots and their tokens.

import {api, query} from '../api.js';
import {clear, facts, h, table} from '../dom.js';
import {notify} from '../messages.js';
import {namespaceLink, namespacesLink, repositoriesLink, webhooksLink} from '../routes.js';
import {Listing, Member, Namespace, Robot, ROLES} from '../types.js';
import {act, adminForm, confirmButton, field, roleSelect, when} from './admin.js';
import {pager} from './paging.js';
import {tokenSection} from './tokens.js';

const PAGE_SIZE = 20;

export async function namespacesPage(index: number): Promise<Node> {
  const listing = await api<Listing<Namespace>>('api/v1/namespaces' + query({page: index, size: PAGE_SIZE}));
  const rows = listing.items.map(namespace => h('tr', {'data-namespace': namespace.name},
    h('td', {class: 'name'}, h('a', {href: namespaceLink(namespace.name)}, namespace.name)),
    h('td', {}, namespace.role ?? '—'),
    h('td', {}, publicText(namespace.public)),
    h('td', {}, when(namespace.createdAt))));
  return h('section', {class: 'page page-namespaces'},
    h('h1', {}, 'Namespaces'),
    listing.items.length === 0
      ? h('p', {class: 'empty'}, 'No namespaces yet: create one below.')
      : table(['Namespace', 'My role', 'Anonymous pull', 'Created'], rows, 'namespaces'),
    pager(listing, page => namespacesLink(page)),
    createForm());
}

function createForm(): HTMLFormElement {
  const name = h('input', {type: 'text', id: 'new-namespace', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', required: true});
  const isPublic = h('input', {type: 'checkbox', id: 'new-namespace-public'});
  return adminForm('namespace-form', 'New namespace', [
    field('Name', name, 'You become its owner.'),
    field('Anyone may pull (public)', isPublic),
  ], 'Create namespace', 'Could not create the namespace', async () => {
    const created = await api<Namespace>('api/v1/namespaces', 'POST',
      {name: name.value.trim(), public: isPublic.checked});
    location.hash = namespaceLink(created.name);
    window.setTimeout(() => notify(`Created the namespace ${created.name}.`, 'success'), 0);
  });
}

function publicText(value: boolean | null): string {
  return value === null ? 'registry default' : value ? 'yes' : 'no';
}

function namespacePath(name: string, ...rest: string[]): string {
  return 'api/v1/namespaces/' + [name, ...rest].map(encodeURIComponent).join('/');
}

export async function namespacePage(name: string): Promise<Node> {
  const namespace = await api<Namespace>(namespacePath(name));
  const publicValue = h('span', {id: 'namespace-public'}, publicText(namespace.public));
  let current = namespace.public;
  const togglePublic: HTMLButtonElement = h('button', {type: 'button', id: 'toggle-public'},
    current ? 'Make private' : 'Make public');
  togglePublic.addEventListener('click', () => void act(togglePublic, 'Could not change the namespace', async () => {
    const updated = await api<Namespace>(namespacePath(name), 'PATCH', {public: !current});
    current = updated.public;
    publicValue.textContent = publicText(current);
    togglePublic.textContent = current ? 'Make private' : 'Make public';
    notify(`${name}: anonymous pull ${current ? 'on' : 'off'}.`, 'success');
  }));

  const members = h('div', {id: 'members'});
  const robots = h('div', {id: 'robots'});
  const robotTokens = h('div', {id: 'robot-tokens'});
  const refreshMembers = async () => {
    const listing = await api<Listing<Member>>(namespacePath(name, 'members') + '?size=100');
    clear(members);
    members.append(listing.items.length === 0
      ? h('p', {class: 'empty'}, 'No members.')
      : table(['Member', 'Role', 'Since', ''], listing.items.map(member => memberRow(name, member, refreshMembers)),
        'members'));
  };
  const refreshRobots = async () => {
    const listing = await api<Listing<Robot>>(namespacePath(name, 'robots') + '?size=100');
    clear(robots);
    robots.append(listing.items.length === 0
      ? h('p', {class: 'empty'}, 'No robots.')
      : table(['Robot', 'Username', 'Role', 'Created', ''], listing.items.map(robot =>
        robotRow(name, robot, robotTokens, async () => {
          await refreshRobots();
          await refreshMembers();
        })), 'robots'));
  };
  await Promise.all([refreshMembers(), refreshRobots()]);

  return h('section', {class: 'page page-namespace'},
    h('nav', {class: 'crumbs'}, h('a', {href: namespacesLink()}, 'Namespaces'), ' / '),
    h('h1', {class: 'namespace-name'}, name),
    facts([
      ['My role', namespace.role ?? '—'],
      ['Anonymous pull', [publicValue, ' ', togglePublic]],
      ['Created', when(namespace.createdAt)],
      ['Repositories', h('a', {href: repositoriesLink(name + '/')}, `${name}/…`)],
      // Its owners (admins are owners everywhere) manage the namespace's webhooks.
      ['Webhooks', namespace.role === 'owner' ? h('a', {href: webhooksLink(name), id: 'namespace-webhooks'},
        'Webhooks') : null],
    ]),
    h('h2', {}, 'Members'),
    members,
    memberForm(name, refreshMembers),
    h('h2', {}, 'Robots'),
    h('p', {class: 'hint'}, `A robot is an account for CI: its username is ${name}+<name>, it logs in only `
      + 'with access tokens.'),
    robots,
    robotTokens,
    robotForm(name, async () => {
      await refreshRobots();
      await refreshMembers();
    }));
}

function memberRow(namespace: string, member: Member, refresh: () => Promise<void>): HTMLTableRowElement {
  const select = roleSelect('role-' + member.username, member.role, ROLES);
  select.setAttribute('aria-label', `Role of ${member.username}`);
  select.addEventListener('change', () => void act(null, `Could not change ${member.username}'s role`, async () => {
    const updated = await api<Member>(namespacePath(namespace, 'members', member.username), 'PUT',
      {role: select.value});
    notify(`${updated.username} is now ${updated.role} of ${namespace}.`, 'success');
  }).then(ok => {
    if (!ok) {
      select.value = member.role;
    } else {
      member.role = select.value;
    }
  }));
  return h('tr', {'data-member': member.username},
    h('td', {class: 'name'}, member.username, member.robot ? h('span', {class: 'badge'}, 'robot') : null),
    h('td', {}, select),
    h('td', {}, when(member.since)),
    h('td', {class: 'actions'}, confirmButton('Remove', 'remove-member', `Remove ${member.username}`,
      `Could not remove ${member.username}`, async () => {
        await api<void>(namespacePath(namespace, 'members', member.username), 'DELETE');
        notify(`Removed ${member.username} from ${namespace}.`, 'success');
        await refresh();
      })));
}

function memberForm(namespace: string, refresh: () => Promise<void>): HTMLFormElement {
  const username = h('input', {type: 'text', id: 'member-username', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', required: true});
  const role = roleSelect('member-role', 'reader', ROLES);
  return adminForm('member-form', 'Add a member', [
    field('Username', username),
    field('Role', role),
  ], 'Add member', 'Could not add the member', async () => {
    const member = await api<Member>(namespacePath(namespace, 'members', username.value.trim()), 'PUT',
      {role: role.value});
    username.value = '';
    notify(`${member.username} is now ${member.role} of ${namespace}.`, 'success');
    await refresh();
  });
}

function robotRow(namespace: string, robot: Robot, tokenArea: HTMLElement,
                  refresh: () => Promise<void>): HTMLTableRowElement {
  const tokens = h('button', {type: 'button', class: 'robot-tokens', onclick: () => {
    clear(tokenArea);
    tokenArea.append(h('h3', {}, `Access tokens of ${robot.username}`),
      tokenSection(robot.username, [namespace], namespace, 'robot-token'));
    tokenArea.scrollIntoView({block: 'start'});
  }}, 'Tokens');
  return h('tr', {'data-robot': robot.name},
    h('td', {class: 'name'}, robot.name),
    h('td', {}, h('code', {}, robot.username)),
    h('td', {}, robot.role),
    h('td', {}, when(robot.createdAt)),
    h('td', {class: 'actions'}, tokens, confirmButton('Delete', 'delete-robot', `Delete ${robot.username}`,
      `Could not delete ${robot.username}`, async () => {
        await api<void>(namespacePath(namespace, 'robots', robot.name), 'DELETE');
        clear(tokenArea);
        notify(`Deleted the robot ${robot.username}.`, 'success');
        await refresh();
      })));
}

function robotForm(namespace: string, refresh: () => Promise<void>): HTMLFormElement {
  const name = h('input', {type: 'text', id: 'robot-name', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', required: true, placeholder: 'ci'});
  const role = roleSelect('robot-role', 'writer', ROLES.filter(candidate => candidate !== 'owner'));
  return adminForm('robot-form', 'New robot', [
    field('Name', name),
    field('Role', role),
  ], 'Create robot', 'Could not create the robot', async () => {
    const robot = await api<Robot>(namespacePath(namespace, 'robots'), 'POST',
      {name: name.value.trim(), role: role.value});
    name.value = '';
    notify(`Created the robot ${robot.username}: give it an access token with “Tokens”.`, 'success');
    await refresh();
  });
}

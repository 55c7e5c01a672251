// #/webhooks?namespace=: webhook subscriptions (every one for admins, or one namespace's for its
// owners), enabling, disabling and deleting them, and creating one, whose secret is shown once.
// #/webhooks/<id>: one subscription and its delivery log, with redelivery and a test event.

import {api, query} from '../api.js';
import {copyText} from '../clipboard.js';
import {append, Child, clear, facts, h, table} from '../dom.js';
import {notify} from '../messages.js';
import {namespaceLink, webhookLink, webhooksLink} from '../routes.js';
import {CreatedWebhook, Delivery, DeliveryAttempt, Listing, Me, Webhook, WEBHOOK_EVENTS} from '../types.js';
import {act, adminForm, confirmButton, currentMe, field, when} from './admin.js';
import {pager} from './paging.js';

const PAGE_SIZE = 20;
const HEADERS = ['URL', 'Namespace', 'Events', 'Format', 'Status', 'Created', ''];
const DELIVERY_HEADERS = ['State', 'Event', 'Repository', 'Attempts', 'Last attempt', 'Queued', ''];
/** While a shown delivery is pending, the log is fetched again this often. */
const POLL_MS = 2000;

function webhookPath(id: number, ...rest: string[]): string {
  return ['api/v1/webhooks', String(id), ...rest.map(encodeURIComponent)].join('/');
}

/** The namespaces the caller owns: theirs to subscribe to. */
function ownedNamespaces(me: Me | null): string[] {
  return (me?.namespaces ?? []).filter(membership => membership.role === 'owner')
    .map(membership => membership.namespace);
}

export async function webhooksPage(namespace: string, index: number): Promise<Node> {
  const me = await currentMe();
  const admin = me?.admin === true;
  const owned = ownedNamespaces(me);
  const page = h('section', {class: 'page page-webhooks'},
    h('h1', {}, namespace ? `Webhooks of ${namespace}` : 'Webhooks'),
    h('p', {class: 'hint'}, 'Berth posts an event to each subscription’s URL when something it asks for '
      + 'happens: a push, a tag moved or deleted, a pull, a quota refusal, a garbage collection. '
      + (admin ? 'Subscriptions without a namespace get every namespace’s events.'
        : 'Owners of a namespace manage its subscriptions.')),
    namespaceFilter(namespace, admin, owned));
  if (!namespace && !admin) {
    // Only admins may list every subscription: a namespace owner picks the namespace first.
    page.append(owned.length === 0
      ? h('p', {class: 'empty'}, 'You own no namespace: its owners (and admins) manage a namespace’s webhooks.')
      : h('ul', {class: 'namespace-choices'}, owned.map(name =>
        h('li', {}, h('a', {href: webhooksLink(name)}, name)))));
    return page;
  }

  const list = h('div', {class: 'webhook-list', id: 'webhook-list'});
  const refresh = async () => {
    const listing = await api<Listing<Webhook>>('api/v1/webhooks' + query({namespace, page: index, size: PAGE_SIZE}));
    clear(list);
    append(list, [listing.items.length === 0
      ? h('p', {class: 'empty'}, namespace ? `No webhooks for ${namespace} yet.` : 'No webhooks yet.')
      : table(HEADERS, listing.items.map(webhook => webhookRow(webhook, refresh)), 'webhooks'),
    listing.total > PAGE_SIZE ? pager(listing, page => webhooksLink(namespace, page)) : null]);
  };
  await refresh();
  const secretArea = h('div', {class: 'secret-box', id: 'webhook-secret-box', hidden: true});
  page.append(list, secretArea, createForm(namespace, admin, owned, secretArea, refresh));
  return page;
}

/** Which namespace's subscriptions to show; empty is every one (admins). */
function namespaceFilter(namespace: string, admin: boolean, owned: string[]): HTMLFormElement {
  const input = h('input', {type: 'search', id: 'webhook-namespace-filter', value: namespace,
    list: 'webhook-owned-namespaces', placeholder: admin ? 'all namespaces' : 'a namespace you own',
    'aria-label': 'Namespace', autocapitalize: 'none', spellcheck: 'false'});
  const form = h('form', {class: 'search', role: 'search'}, input,
    h('datalist', {id: 'webhook-owned-namespaces'}, owned.map(name => h('option', {value: name}))),
    h('button', {type: 'submit'}, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = webhooksLink(input.value.trim());
  });
  return form;
}

function webhookRow(initial: Webhook, refresh: () => Promise<void>): HTMLTableRowElement {
  const row = h('tr', {'data-webhook': initial.id});
  const fill = (webhook: Webhook) => {
    row.className = webhook.enabled ? '' : 'inactive';
    row.replaceChildren(
      h('td', {class: 'name url'}, h('a', {href: webhookLink(webhook.id), class: 'webhook-link'}, webhook.url)),
      h('td', {class: 'namespace'}, webhook.namespace
        ? h('a', {href: namespaceLink(webhook.namespace)}, webhook.namespace) : 'all'),
      h('td', {class: 'events'}, eventsText(webhook)),
      h('td', {}, webhook.format),
      h('td', {class: 'status'}, statusOf(webhook)),
      h('td', {}, when(webhook.createdAt), webhook.createdBy ? ` by ${webhook.createdBy}` : ''),
      h('td', {class: 'actions'},
        h('a', {href: webhookLink(webhook.id), class: 'button deliveries-link'}, 'Deliveries'),
        toggleButton(webhook, 'toggle-webhook', fill),
        confirmButton('Delete', 'delete-webhook', `Delete the webhook to ${webhook.url}`,
          'Could not delete the webhook', async () => {
            await api<void>(webhookPath(webhook.id), 'DELETE');
            notify(`Deleted the webhook to ${webhook.url}.`, 'success');
            await refresh();
          })));
    row.querySelectorAll('td').forEach((cell, i) => cell.setAttribute('data-label', HEADERS[i] ?? ''));
  };
  fill(initial);
  return row;
}

/** Enable or Disable, as the server last said; re-enabling clears a failure streak. */
function toggleButton(webhook: Webhook, className: string, changed: (webhook: Webhook) => void,
                      id?: string): HTMLButtonElement {
  const button = h('button', {type: 'button', class: className, id}, webhook.enabled ? 'Disable' : 'Enable');
  button.addEventListener('click', () => void act(button,
    `Could not ${webhook.enabled ? 'disable' : 'enable'} the webhook`, async () => {
      const updated = await api<Webhook>(webhookPath(webhook.id), 'PATCH', {enabled: !webhook.enabled});
      notify(`${updated.enabled ? 'Enabled' : 'Disabled'} the webhook to ${updated.url}.`, 'success');
      changed(updated);
    }));
  return button;
}

function eventsText(webhook: Webhook): Child[] {
  const filters = [
    webhook.repositoryPattern ? `repository ${webhook.repositoryPattern}` : null,
    webhook.tagPattern ? `tag ${webhook.tagPattern}` : null,
  ].filter(text => text !== null);
  return [webhook.events.join(', '),
    filters.length ? h('div', {class: 'hint'}, 'only ' + filters.join(', ')) : null];
}

function statusOf(webhook: Webhook): Child[] {
  return [
    h('span', {class: 'badge badge-' + (webhook.enabled ? 'signed' : 'failed')},
      webhook.enabled ? 'enabled' : 'disabled'),
    webhook.disabledReason ? h('div', {class: 'disabled-reason'}, webhook.disabledReason) : null,
    webhook.failingSince ? h('div', {class: 'failing'}, 'failing since ', when(webhook.failingSince)) : null,
  ];
}

function createForm(namespace: string, admin: boolean, owned: string[], secretArea: HTMLElement,
                    refresh: () => Promise<void>): HTMLFormElement {
  const url = h('input', {type: 'url', id: 'webhook-url', required: true, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'https://ci.example.com/hooks/berth'});
  const namespaceInput = h('input', {type: 'text', id: 'webhook-namespace', value: namespace,
    list: 'webhook-owned-namespaces', autocapitalize: 'none', spellcheck: 'false', required: !admin,
    placeholder: admin ? 'all' : ''});
  const format = h('select', {id: 'webhook-format'},
    h('option', {value: 'cloudevents', selected: true}, 'CloudEvents 1.0'),
    h('option', {value: 'distribution'}, 'Distribution notifications'));
  const repositoryPattern = h('input', {type: 'text', id: 'webhook-repository-pattern', autocapitalize: 'none',
    spellcheck: 'false', placeholder: 'team/app*'});
  const tagPattern = h('input', {type: 'text', id: 'webhook-tag-pattern', autocapitalize: 'none',
    spellcheck: 'false', placeholder: 'v*'});
  const secret = h('input', {type: 'password', id: 'webhook-secret', autocomplete: 'new-password',
    spellcheck: 'false'});
  const boxes = WEBHOOK_EVENTS.map(name => h('input', {type: 'checkbox', id: 'webhook-event-' + name.replace('.', '-'),
    name: 'events', value: name, checked: name === 'manifest.pushed'}));

  return adminForm('webhook-form', 'New webhook', [
    field('URL', url, 'Berth posts each event here (http or https).'),
    field('Namespace', namespaceInput, admin ? 'Empty: every namespace.' : 'One you own.'),
    field('Format', format, 'Distribution: the envelope docker/distribution receivers parse.'),
    field('Repository pattern', repositoryPattern, 'Optional glob: * within a path component, ** across them.'),
    field('Tag pattern', tagPattern, 'Optional: only events with a matching tag.'),
    field('Secret', secret, 'Empty: Berth makes one. Your own: whsec_ and 24 to 64 bytes in base64.'),
    h('fieldset', {class: 'actions-choice events-choice'}, h('legend', {}, 'Events'),
      boxes.map(box => field(box.value, box))),
  ], 'Create webhook', 'Could not create the webhook', async () => {
    const events = boxes.filter(box => box.checked).map(box => box.value);
    if (events.length === 0) {
      throw new Error('choose at least one event.');
    }
    const created = await api<CreatedWebhook>('api/v1/webhooks', 'POST', {
      url: url.value.trim(),
      events,
      format: format.value,
      secret: secret.value.trim() || null,
      namespace: namespaceInput.value.trim() || null,
      repositoryPattern: repositoryPattern.value.trim() || null,
      tagPattern: tagPattern.value.trim() || null,
    });
    showSecret(secretArea, created);
    url.value = '';
    secret.value = '';
    const where = created.webhook.namespace ?? 'every namespace';
    notify(`Created the webhook to ${created.webhook.url} (${where}). Copy its secret now: it is shown only once.`,
      'success');
    await refresh();
  });
}

/** The new subscription's secret, once, with what a receiver does with it. */
function showSecret(area: HTMLElement, created: CreatedWebhook): void {
  clear(area);
  area.hidden = false;
  const status = h('span', {class: 'copy-status'});
  const secretField = h('input', {type: 'text', readonly: true, class: 'copy-field secret-field',
    id: 'new-webhook-secret', value: created.secret, 'aria-label': 'The new webhook’s secret', spellcheck: 'false'});
  const copy = h('button', {type: 'button', id: 'copy-webhook-secret', class: 'primary'}, 'Copy');
  copy.addEventListener('click', async () => {
    status.textContent = await copyText(secretField, created.secret)
      ? 'Copied to the clipboard.' : 'Selected: press Ctrl+C (⌘C) to copy.';
  });
  area.append(
    h('p', {class: 'secret-title'}, h('strong', {}, 'The webhook’s secret'),
      ' — copy it now: it will not be shown again.'),
    h('div', {class: 'secret-row'}, secretField, copy),
    status,
    h('p', {class: 'hint'}, 'Each delivery is signed the Standard Webhooks way: webhook-signature is '
      + 'v1,<base64 HMAC-SHA256 of “webhook-id.webhook-timestamp.body”>, keyed with the bytes after whsec_.'),
    h('p', {class: 'hint'}, 'Try it: ', h('a', {href: webhookLink(created.webhook.id)}, 'send a test event')),
    h('button', {type: 'button', class: 'link', onclick: () => {
      clear(area);
      area.hidden = true;
    }}, 'I have copied it: hide'));
  secretField.focus();
  secretField.select();
}

export async function webhookPage(id: number, index: number): Promise<Node> {
  const webhook = await api<Webhook>(webhookPath(id));
  const hash = location.hash;
  const status = h('span', {id: 'webhook-status'}, statusOf(webhook));
  let shown = webhook;
  let toggle: HTMLButtonElement;
  const changed = (updated: Webhook) => {
    shown = updated;
    clear(status);
    append(status, statusOf(updated));
    const replacement = toggleButton(updated, 'toggle-webhook', changed, 'toggle-webhook');
    toggle.replaceWith(replacement);
    toggle = replacement;
  };
  toggle = toggleButton(webhook, 'toggle-webhook', changed, 'toggle-webhook');

  const log = h('div', {class: 'delivery-log', id: 'deliveries'});
  let timer: number | null = null;
  // The log, and the subscription's state with it: a failed delivery starts a failure streak, a
  // long one disables the subscription.
  const refresh = async (withState = true) => {
    const [listing, current] = await Promise.all([
      api<Listing<Delivery>>(webhookPath(id, 'deliveries') + query({page: index, size: PAGE_SIZE})),
      withState ? api<Webhook>(webhookPath(id)) : Promise.resolve(shown),
    ]);
    clear(log);
    append(log, [listing.items.length === 0
      ? h('p', {class: 'empty'}, 'No deliveries yet: send a test event.')
      : table(DELIVERY_HEADERS, listing.items.map(delivery => deliveryRow(id, delivery, refresh)),
        'deliveries'),
    listing.total > PAGE_SIZE ? pager(listing, page => webhookLink(id, page)) : null]);
    if (current.enabled !== shown.enabled || current.failingSince !== shown.failingSince
      || current.disabledReason !== shown.disabledReason) {
      changed(current);
    }
    // Pending deliveries finish within seconds (or back off): follow them while this page is shown.
    if (timer === null && listing.items.some(delivery => delivery.state === 'pending')) {
      timer = window.setTimeout(() => {
        timer = null;
        if (location.hash === hash) {
          void refresh().catch(() => undefined);
        }
      }, POLL_MS);
    }
  };
  await refresh(false);

  const test = h('button', {type: 'button', id: 'send-test', class: 'primary'}, 'Send test event');
  test.addEventListener('click', () => void act(test, 'Could not send a test event', async () => {
    const delivery = await api<Delivery>(webhookPath(id, 'test'), 'POST');
    notify(`Queued a test event (webhook-id ${delivery.webhookId}).`, 'success');
    if (index !== 0) {
      location.hash = webhookLink(id);
      return;
    }
    await refresh();
  }));
  const reload = h('button', {type: 'button', id: 'refresh-deliveries'}, 'Refresh');
  reload.addEventListener('click', () => void act(reload, 'Could not list the deliveries', () => refresh()));

  return h('section', {class: 'page page-webhook'},
    h('nav', {class: 'crumbs'}, h('a', {href: webhooksLink(webhook.namespace ?? '')}, 'Webhooks'), ' / '),
    h('h1', {class: 'webhook-url'}, webhook.url),
    facts([
      ['Namespace', webhook.namespace ?? 'all'],
      ['Events', webhook.events.join(', ')],
      ['Format', webhook.format],
      ['Repository pattern', webhook.repositoryPattern],
      ['Tag pattern', webhook.tagPattern],
      ['Status', status],
      ['Created', [when(webhook.createdAt), webhook.createdBy ? ` by ${webhook.createdBy}` : '']],
    ]),
    h('div', {class: 'toolbar'}, test, toggle,
      confirmButton('Delete', 'delete-webhook', `Delete the webhook to ${webhook.url}`, 'Could not delete the webhook',
        async () => {
          await api<void>(webhookPath(id), 'DELETE');
          // Said once the list's navigation has begun (it clears the message area as it starts).
          window.addEventListener('hashchange', () => window.setTimeout(() =>
            notify(`Deleted the webhook to ${webhook.url}.`, 'success'), 0), {once: true});
          location.hash = webhooksLink(webhook.namespace ?? '');
        })),
    h('h2', {}, 'Deliveries ', reload),
    h('p', {class: 'hint'}, 'Newest first. A delivery keeps its webhook-id on every attempt and redelivery, '
      + 'so a receiver can tell a repeat.'),
    log);
}

function deliveryRow(webhookId: number, delivery: Delivery, refresh: () => Promise<unknown>): HTMLTableRowElement {
  const last: DeliveryAttempt | undefined = delivery.history[delivery.history.length - 1];
  const redeliver = h('button', {type: 'button', class: 'redeliver', title: 'Send it again, same webhook-id'},
    'Redeliver');
  redeliver.addEventListener('click', () => void act(redeliver, 'Could not redeliver', async () => {
    await api<Delivery>(webhookPath(webhookId, 'deliveries', String(delivery.id), 'redeliver'), 'POST');
    notify(`Redelivering ${delivery.eventType} (webhook-id ${delivery.webhookId}).`, 'success');
    await refresh();
  }));
  return h('tr', {'data-delivery': delivery.id, 'data-state': delivery.state},
    h('td', {class: 'state'}, h('span', {class: 'badge badge-' + stateBadge(delivery.state)}, delivery.state),
      delivery.state === 'pending' && delivery.nextAttemptAt
        ? h('div', {class: 'hint'}, 'next ', when(delivery.nextAttemptAt)) : null),
    h('td', {class: 'event-type'}, h('code', {title: `event ${delivery.eventId}`}, delivery.eventType)),
    h('td', {class: 'repository'}, delivery.repository || '—'),
    h('td', {class: 'number attempts', title: delivery.history.map(attemptText).join('\n')},
      String(delivery.attempts)),
    h('td', {class: 'last-attempt'}, last
      ? [attemptStatus(last), ' · ', when(last.at),
        last.error ? h('div', {class: 'attempt-error'}, last.error) : null]
      : 'not yet'),
    h('td', {}, when(delivery.createdAt)),
    h('td', {class: 'actions'}, delivery.state === 'pending' ? null : redeliver));
}

function stateBadge(state: string): string {
  return state === 'delivered' ? 'signed' : state === 'failed' ? 'failed' : 'other';
}

function attemptStatus(attempt: DeliveryAttempt): string {
  return `${attempt.status === null ? 'no answer' : 'HTTP ' + attempt.status} in ${attempt.durationMs} ms`;
}

function attemptText(attempt: DeliveryAttempt): string {
  return `${attempt.at}: ${attemptStatus(attempt)}${attempt.error ? ' — ' + attempt.error : ''}`;
}

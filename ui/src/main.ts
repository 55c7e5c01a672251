// Berth's web UI: a hash router over the browse pages and the admin pages. Each navigation renders the page off-screen and
// swaps it in, unless the user navigated again meanwhile.

import {ApiError, exchangeSignInCode, hasSession, isLoggedIn, logout, username} from './api.js';
import {clear, h} from './dom.js';
import {clearMessages, notify} from './messages.js';
import {currentMe, forgetMe, onUnauthorized} from './pages/admin.js';
import {loginPage} from './pages/login.js';
import {manifestPage} from './pages/manifest.js';
import {mePage} from './pages/me.js';
import {namespacePage, namespacesPage} from './pages/namespaces.js';
import {repositoriesPage} from './pages/repositories.js';
import {repositoryPage} from './pages/repository.js';
import {usersPage} from './pages/users.js';
import {webhookPage, webhooksPage} from './pages/webhooks.js';
import {
  loginLink, meLink, namespacesLink, parseRoute, repositoriesLink, Route, usersLink, webhooksLink,
} from './routes.js';

const main = document.getElementById('main') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
let generation = 0;

let accountGeneration = 0;

function renderAccount(): void {
  clear(account);
  const current = ++accountGeneration;
  if (isLoggedIn()) {
    const usersItem = h('a', {href: usersLink(), id: 'users-link', hidden: true}, 'Users');
    const webhooksItem = h('a', {href: webhooksLink(), id: 'webhooks-link', hidden: true}, 'Webhooks');
    account.append(
      h('a', {href: namespacesLink(), id: 'namespaces-link'}, 'Namespaces'),
      webhooksItem,
      usersItem,
      h('a', {href: meLink(), class: 'user', id: 'current-user', title: 'My account and access tokens'},
        username() ?? ''),
      h('button', {type: 'button', id: 'logout', class: 'link', onclick: () => {
        logout();
        forgetMe();
        location.hash = loginLink(repositoriesLink());
        renderAccount();
      }}, 'Log out'));
    // The Users link is for admins only, Webhooks for admins and namespace owners: ask the server who this is.
    void currentMe().then(me => {
      if (current !== accountGeneration || !me) {
        return;
      }
      usersItem.hidden = !me.admin;
      webhooksItem.hidden = !me.admin && !me.namespaces.some(membership => membership.role === 'owner');
    });
  } else {
    account.append(h('a', {href: loginLink(location.hash || repositoriesLink()), id: 'login-link'}, 'Log in'));
  }
}

function toLogin(error?: ApiError): void {
  logout();
  forgetMe();
  renderAccount();
  const next = location.hash.startsWith('#/login') ? repositoriesLink() : location.hash || repositoriesLink();
  location.hash = loginLink(next);
  if (error) {
    window.setTimeout(() => notify('Please log in' + (error.detail ? `: ${error.detail}` : '.'), 'info'));
  }
}

async function pageFor(route: Route): Promise<Node> {
  switch (route.page) {
    case 'login':
      return loginPage(route.next, () => {
        forgetMe();
        renderAccount();
      }, route.error);
    case 'signed-in':
      return signedIn(route.code);
    case 'repositories':
      document.title = 'Repositories · Berth';
      return repositoriesPage(route.q, route.index);
    case 'repository':
      document.title = `${route.name} · Berth`;
      return repositoryPage(route.name, route.q, route.index, toLogin);
    case 'manifest':
      document.title = `${route.name}:${route.reference} · Berth`;
      return manifestPage(route.name, route.reference);
    case 'me':
      document.title = 'My account · Berth';
      return mePage();
    case 'users':
      document.title = 'Users · Berth';
      return usersPage(route.index);
    case 'namespaces':
      document.title = 'Namespaces · Berth';
      return namespacesPage(route.index);
    case 'namespace':
      document.title = `${route.name} · Namespaces · Berth`;
      return namespacePage(route.name);
    case 'webhooks':
      document.title = (route.namespace ? `${route.namespace} · ` : '') + 'Webhooks · Berth';
      return webhooksPage(route.namespace, route.index);
    case 'webhook':
      document.title = `Webhook ${route.id} · Berth`;
      return webhookPage(route.id, route.index);
    case 'not-found':
      return h('section', {class: 'page'}, h('h1', {}, 'Not found'),
        h('p', {}, h('a', {href: repositoriesLink()}, 'Back to the repositories')));
  }
}

/** Where an OIDC sign-in lands: the one-time code leaves the address bar and history at once. */
async function signedIn(code: string): Promise<Node> {
  history.replaceState(null, '', location.pathname + location.search + '#/signed-in');
  try {
    await exchangeSignInCode(code);
  } catch (e) {
    location.replace(loginLink(repositoriesLink()) + '&error='
      + encodeURIComponent(e instanceof ApiError ? e.describe() : String(e)));
    return h('section', {class: 'page'});
  }
  forgetMe();
  location.replace(repositoriesLink());
  renderAccount();
  return h('section', {class: 'page'}, h('p', {}, 'Signed in.'));
}

async function render(): Promise<void> {
  const route = parseRoute(location.hash);
  if (route.page !== 'login' && route.page !== 'signed-in' && !hasSession()) {
    location.replace(loginLink(location.hash || repositoriesLink()));
    return;
  }
  if (route.page === 'login') {
    document.title = 'Log in · Berth';
  }
  const current = ++generation;
  clearMessages();
  main.setAttribute('aria-busy', 'true');
  try {
    const page = await pageFor(route);
    if (current === generation) {
      clear(main);
      main.appendChild(page);
      main.setAttribute('data-page', route.page);
      const autofocus = main.querySelector<HTMLElement>('[autofocus]');
      autofocus?.focus();
    }
  } catch (e) {
    if (current !== generation) {
      return;
    }
    if (e instanceof ApiError && e.status === 401) {
      toLogin(e);
      return;
    }
    clear(main);
    main.setAttribute('data-page', 'error');
    main.appendChild(h('section', {class: 'page'}, h('h1', {}, e instanceof ApiError && e.status === 404
      ? 'Not found' : e instanceof ApiError && e.status === 403 ? 'Not allowed' : 'Something went wrong')));
    notify(e instanceof ApiError ? e.describe() : e instanceof Error ? e.message : String(e), 'error');
  } finally {
    if (current === generation) {
      main.removeAttribute('aria-busy');
    }
  }
}

onUnauthorized(toLogin);
window.addEventListener('hashchange', () => {
  renderAccount();
  void render();
});
renderAccount();
void render();

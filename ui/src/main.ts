// Berth's web UI: a hash router over four pages. Each navigation renders the page off-screen and
// swaps it in, unless the user navigated again meanwhile.

import {ApiError, hasSession, isLoggedIn, logout, username} from './api.js';
import {clear, h} from './dom.js';
import {clearMessages, notify} from './messages.js';
import {loginPage} from './pages/login.js';
import {manifestPage} from './pages/manifest.js';
import {repositoriesPage} from './pages/repositories.js';
import {repositoryPage} from './pages/repository.js';
import {loginLink, parseRoute, repositoriesLink, Route} from './routes.js';

const main = document.getElementById('main') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
let generation = 0;

function renderAccount(): void {
  clear(account);
  if (isLoggedIn()) {
    account.append(
      h('span', {class: 'user', id: 'current-user'}, username() ?? ''),
      h('button', {type: 'button', id: 'logout', class: 'link', onclick: () => {
        logout();
        location.hash = loginLink(repositoriesLink());
        renderAccount();
      }}, 'Log out'));
  } else {
    account.append(h('a', {href: loginLink(location.hash || repositoriesLink()), id: 'login-link'}, 'Log in'));
  }
}

function toLogin(error?: ApiError): void {
  logout();
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
      return loginPage(route.next, renderAccount);
    case 'repositories':
      document.title = 'Repositories · Berth';
      return repositoriesPage(route.q, route.index);
    case 'repository':
      document.title = `${route.name} · Berth`;
      return repositoryPage(route.name, route.q, route.index, toLogin);
    case 'manifest':
      document.title = `${route.name}:${route.reference} · Berth`;
      return manifestPage(route.name, route.reference);
    case 'not-found':
      return h('section', {class: 'page'}, h('h1', {}, 'Not found'),
        h('p', {}, h('a', {href: repositoriesLink()}, 'Back to the repositories')));
  }
}

async function render(): Promise<void> {
  const route = parseRoute(location.hash);
  if (route.page !== 'login' && !hasSession()) {
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
      ? 'Not found' : 'Something went wrong')));
    notify(e instanceof Error ? e.message : String(e), 'error');
  } finally {
    if (current === generation) {
      main.removeAttribute('aria-busy');
    }
  }
}

window.addEventListener('hashchange', () => {
  renderAccount();
  void render();
});
renderAccount();
void render();

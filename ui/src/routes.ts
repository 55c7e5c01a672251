// Hash routes: #/login?next=&error=, #/signed-in?code= (where an OIDC sign-in lands), #/repositories?q=&page=, #/r/<name>?q=&page=, #/r/<name>/m/<reference>,
// and the admin pages #/me, #/admin/users?page=, #/namespaces?page=, #/namespaces/<name>,
// #/webhooks?namespace=&page= and #/webhooks/<id>?page= (a subscription and its delivery log).
// Repository names keep their slashes; a manifest reference never holds one, so the last "/m/"
// separates the two.

export type Route =
  | {page: 'login'; next: string; error: string}
  | {page: 'signed-in'; code: string}
  | {page: 'repositories'; q: string; index: number}
  | {page: 'repository'; name: string; q: string; index: number}
  | {page: 'manifest'; name: string; reference: string}
  | {page: 'me'}
  | {page: 'users'; index: number}
  | {page: 'namespaces'; index: number}
  | {page: 'namespace'; name: string}
  | {page: 'webhooks'; namespace: string; index: number}
  | {page: 'webhook'; id: number; index: number}
  | {page: 'not-found'; hash: string};

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '') || '/repositories';
  const questionMark = text.indexOf('?');
  const path = questionMark < 0 ? text : text.slice(0, questionMark);
  const parameters = new URLSearchParams(questionMark < 0 ? '' : text.slice(questionMark + 1));
  const index = Math.max(0, parseInt(parameters.get('page') || '0', 10) || 0);
  const q = parameters.get('q') || '';
  if (path === '/login') {
    return {page: 'login', next: parameters.get('next') || '#/repositories', error: parameters.get('error') || ''};
  }
  if (path === '/signed-in') {
    return {page: 'signed-in', code: parameters.get('code') || ''};
  }
  if (path === '/' || path === '/repositories') {
    return {page: 'repositories', q, index};
  }
  if (path === '/me') {
    return {page: 'me'};
  }
  if (path === '/admin/users') {
    return {page: 'users', index};
  }
  if (path === '/namespaces') {
    return {page: 'namespaces', index};
  }
  if (path.startsWith('/namespaces/')) {
    const name = decodePath(path.slice('/namespaces/'.length)).replace(/\/+$/, '');
    if (name) {
      return {page: 'namespace', name};
    }
  }
  if (path === '/webhooks') {
    return {page: 'webhooks', namespace: parameters.get('namespace') || '', index};
  }
  if (/^\/webhooks\/[0-9]+\/?$/.test(path)) {
    return {page: 'webhook', id: parseInt(path.slice('/webhooks/'.length), 10), index};
  }
  if (path.startsWith('/r/')) {
    const rest = decodePath(path.slice(3));
    const marker = rest.lastIndexOf('/m/');
    if (marker > 0) {
      return {page: 'manifest', name: rest.slice(0, marker), reference: rest.slice(marker + 3)};
    }
    if (rest) {
      return {page: 'repository', name: rest.replace(/\/+$/, ''), q, index};
    }
  }
  return {page: 'not-found', hash};
}

export function repositoriesLink(q = '', index = 0): string {
  return '#/repositories' + parametersOf({q, page: index || null});
}

export function repositoryLink(name: string, q = '', index = 0): string {
  return '#/r/' + encodePath(name) + parametersOf({q, page: index || null});
}

export function manifestLink(name: string, reference: string): string {
  return '#/r/' + encodePath(name) + '/m/' + encodeURIComponent(reference).replace(/%3A/gi, ':');
}

export function meLink(): string {
  return '#/me';
}

export function usersLink(index = 0): string {
  return '#/admin/users' + parametersOf({page: index || null});
}

export function namespacesLink(index = 0): string {
  return '#/namespaces' + parametersOf({page: index || null});
}

export function namespaceLink(name: string): string {
  return '#/namespaces/' + encodePath(name);
}

export function webhooksLink(namespace = '', index = 0): string {
  return '#/webhooks' + parametersOf({namespace, page: index || null});
}

export function webhookLink(id: number, index = 0): string {
  return '#/webhooks/' + id + parametersOf({page: index || null});
}

export function loginLink(next: string): string {
  return '#/login' + parametersOf({next});
}

function parametersOf(parameters: Record<string, string | number | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== null && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

function encodePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

function decodePath(path: string): string {
  try {
    return path.split('/').map(decodeURIComponent).join('/');
  } catch {
    return path;
  }
}

import {ApiError, browseAnonymously, login, signInProviders} from '../api.js';
import {h} from '../dom.js';
import {repositoriesLink} from '../routes.js';

/**
 * Username and password (POST /token), or "Sign in with <provider>" for each OIDC provider
 * configured; then on to where the user was going. {@code failure}: why an OIDC sign-in came back refused.
 */
export function loginPage(next: string, onLoggedIn: () => void, failure = ''): Node {
  const error = h('p', {class: 'message error', id: 'login-error', role: 'alert', hidden: !failure}, failure);
  const user = h('input', {id: 'username', name: 'username', type: 'text', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', required: true, autofocus: true});
  const password = h('input', {id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true});
  const submit = h('button', {type: 'submit', id: 'login-submit', class: 'primary'}, 'Log in');
  const providers = h('div', {class: 'sign-in-providers', id: 'sign-in-providers'});
  const form = h('form', {class: 'login', id: 'login-form'},
    h('h1', {}, 'Log in to Berth'),
    error,
    providers,
    h('label', {for: 'username'}, 'Username'), user,
    h('label', {for: 'password'}, 'Password or access token'), password,
    submit,
    h('p', {class: 'hint'},
      h('a', {href: repositoriesLink(), id: 'browse-anonymously', onclick: () => browseAnonymously()},
        'Browse public repositories without logging in')));
  void signInProviders().then(list => {
    for (const provider of list) {
      // A full page load: the provider's login page, then back to #/signed-in.
      providers.append(h('a', {href: 'oauth2/authorization/' + encodeURIComponent(provider.id),
        class: 'button sign-in-provider', id: 'sign-in-' + provider.id}, `Sign in with ${provider.displayName}`));
    }
  }).catch(() => {
    // No providers offered: passwords only.
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      await login(user.value.trim(), password.value);
      password.value = '';
      location.hash = next.startsWith('#/') && !next.startsWith('#/login') ? next : repositoriesLink();
      onLoggedIn();
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401
        ? 'Wrong username or password.' + (e.detail ? ` (${e.detail})` : '')
        : e instanceof Error ? e.message : String(e);
      error.hidden = false;
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', {class: 'page page-login'}, form);
}

import {ApiError, browseAnonymously, login} from '../api.js';
import {h} from '../dom.js';
import {repositoriesLink} from '../routes.js';

/** Username and password; POST /token, then on to where the user was going. */
export function loginPage(next: string, onLoggedIn: () => void): Node {
  const error = h('p', {class: 'message error', id: 'login-error', role: 'alert', hidden: true});
  const user = h('input', {id: 'username', name: 'username', type: 'text', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', required: true, autofocus: true});
  const password = h('input', {id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true});
  const submit = h('button', {type: 'submit', id: 'login-submit', class: 'primary'}, 'Log in');
  const form = h('form', {class: 'login', id: 'login-form'},
    h('h1', {}, 'Log in to Berth'),
    error,
    h('label', {for: 'username'}, 'Username'), user,
    h('label', {for: 'password'}, 'Password or access token'), password,
    submit,
    h('p', {class: 'hint'},
      h('a', {href: repositoriesLink(), id: 'browse-anonymously', onclick: () => browseAnonymously()},
        'Browse public repositories without logging in')));
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

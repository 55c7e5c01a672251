// What the admin pages share: who the caller is (GET /api/v1/me, asked once per login), reporting
// a refusal in the message area, two-click confirm buttons and labelled form fields.

import {api, ApiError, isLoggedIn} from '../api.js';
import {Child, h} from '../dom.js';
import {exactTime, relativeTime} from '../format.js';
import {notify} from '../messages.js';
import type {Me} from '../types.js';

let me: Promise<Me | null> | null = null;
let unauthorized: (error: ApiError) => void = () => undefined;

/** The caller, or null when anonymous or when the server would not say. */
export function currentMe(): Promise<Me | null> {
  if (!isLoggedIn()) {
    return Promise.resolve(null);
  }
  if (me === null) {
    me = api<Me>('api/v1/me').catch(() => {
      me = null;
      return null;
    });
  }
  return me;
}

/** Forgets the caller, after logging in or out. */
export function forgetMe(): void {
  me = null;
}

/** What to do when an action finds the session gone (main.ts: back to the login page). */
export function onUnauthorized(handler: (error: ApiError) => void): void {
  unauthorized = handler;
}

/** Reports a failed action: the server's detail and field errors, or the error's message. */
export function report(what: string, e: unknown): void {
  if (e instanceof ApiError && e.status === 401) {
    unauthorized(e);
    return;
  }
  notify(`${what}: ${e instanceof ApiError ? e.describe() : e instanceof Error ? e.message : String(e)}`, 'error');
}

/** Runs an action with its button disabled; a refusal is reported as "<what>: <why>". */
export async function act(button: HTMLButtonElement | null, what: string, action: () => Promise<void>): Promise<boolean> {
  if (button) {
    button.disabled = true;
  }
  try {
    await action();
    return true;
  } catch (e) {
    report(what, e);
    return false;
  } finally {
    if (button) {
      button.disabled = false;
    }
  }
}

/** A button that asks twice: the first click arms it, a second within five seconds runs the action. */
export function confirmButton(label: string, className: string, title: string, what: string,
                              action: () => Promise<void>): HTMLButtonElement {
  const button = h('button', {type: 'button', class: 'danger ' + className, title}, label);
  let armed: number | null = null;
  const disarm = () => {
    if (armed !== null) {
      window.clearTimeout(armed);
    }
    armed = null;
    button.textContent = label;
    button.classList.remove('armed');
  };
  button.addEventListener('click', async () => {
    if (armed === null) {
      button.textContent = 'Confirm ' + label.toLowerCase();
      button.classList.add('armed');
      armed = window.setTimeout(disarm, 5000);
      return;
    }
    disarm();
    await act(button, what, action);
  });
  return button;
}

/** A label over its input (or a checkbox beside its label). */
export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  const id = input.id;
  if (input instanceof HTMLInputElement && input.type === 'checkbox') {
    return h('label', {class: 'field check', for: id}, input, ' ', label);
  }
  return h('div', {class: 'field'}, h('label', {for: id}, label), input,
    hint ? h('span', {class: 'hint'}, hint) : null);
}

/** A form that posts through the given handler, its submit button disabled meanwhile. */
export function adminForm(id: string, title: string, fields: Child[], submitLabel: string, what: string,
                          handler: (form: HTMLFormElement) => Promise<void>): HTMLFormElement {
  const submit = h('button', {type: 'submit', class: 'primary', id: id + '-submit'}, submitLabel);
  const form = h('form', {class: 'admin-form', id}, h('h3', {}, title), h('div', {class: 'fields'}, fields),
    h('div', {class: 'form-actions'}, submit));
  form.addEventListener('submit', event => {
    event.preventDefault();
    void act(submit, what, () => handler(form));
  });
  return form;
}

export function roleSelect(id: string, selected: string, roles: readonly string[]): HTMLSelectElement {
  return h('select', {id, class: 'role-select'},
    roles.map(role => h('option', {value: role, selected: role === selected}, role)));
}

export function when(iso: string | null | undefined, never = ''): Child {
  if (!iso) {
    return never;
  }
  return h('time', {datetime: iso, title: exactTime(iso)}, relativeTime(iso));
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

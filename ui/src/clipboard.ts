// Copying a pull command, or a secret shown once. The text is always shown in the page (so it can
// be read or copied by hand); the clipboard API is used when the browser grants it, otherwise the
// text is selected in a read-only field and the older execCommand('copy') is tried.

import {clear, h} from './dom.js';

/** An area that shows the last copied command; put it once on a page. */
export function copyArea(): HTMLElement {
  return h('div', {class: 'copy-area', id: 'copy-area', hidden: true});
}

export async function copyCommand(area: HTMLElement, command: string): Promise<void> {
  clear(area);
  area.hidden = false;
  const field = h('input', {type: 'text', readonly: true, class: 'copy-field', value: command,
    'aria-label': 'Pull command', spellcheck: 'false'});
  const status = h('span', {class: 'copy-status'}, 'Copying…');
  area.append(
    h('p', {class: 'copied'}, h('span', {class: 'copied-label'}, 'Pull command: '),
      h('code', {id: 'copied-command', class: 'copied-command'}, command)),
    field, status);
  if (await writeClipboard(command)) {
    status.textContent = 'Copied to the clipboard.';
    return;
  }
  field.focus();
  field.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  status.textContent = copied ? 'Copied to the clipboard.' : 'Selected: press Ctrl+C (⌘C) to copy.';
}

/**
 * Copies a secret shown in a read-only field: the clipboard API when granted, otherwise the field's
 * text selected and execCommand('copy') tried. False when the user has to press Ctrl+C.
 */
export async function copyText(field: HTMLInputElement, text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through to selecting the text
    }
  }
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

async function writeClipboard(text: string): Promise<boolean> {
  if (!navigator.clipboard || !window.isSecureContext) {
    return false;
  }
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

// The message area under the header: what just happened, or what the server refused and why.

import {clear, h} from './dom.js';

export type Kind = 'info' | 'success' | 'error';

export function notify(text: string, kind: Kind = 'info'): void {
  const area = document.getElementById('messages');
  if (!area) {
    return;
  }
  clear(area);
  area.appendChild(h('p', {class: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status'},
    h('span', {class: 'message-text'}, text),
    h('button', {type: 'button', class: 'link dismiss', 'aria-label': 'Dismiss', onclick: () => clear(area)}, '×')));
}

export function clearMessages(): void {
  const area = document.getElementById('messages');
  if (area) {
    clear(area);
  }
}

// A tiny element builder: the UI builds the DOM with createElement and textContent only, never
// innerHTML, so nothing a repository, tag or label holds can become markup.

export type Child = Node | string | number | null | undefined | false;
type Attribute = string | number | boolean | null | undefined | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, Attribute> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element: Element): void {
  while (element.firstChild) {
    element.removeChild(element.firstChild);
  }
}

/** A table that turns into one card per row on narrow screens (each cell labelled via data-label). */
export function table(headers: string[], rows: HTMLTableRowElement[], className = ''): HTMLTableElement {
  for (const row of rows) {
    labelCells(row, headers);
  }
  return h('table', {class: ('responsive ' + className).trim()},
    h('thead', {}, h('tr', {}, headers.map(header => h('th', {scope: 'col'}, header)))),
    h('tbody', {}, rows));
}

export function labelCells(row: HTMLTableRowElement, headers: string[]): void {
  Array.from(row.cells).forEach((cell, i) => {
    if (headers[i]) {
      cell.setAttribute('data-label', headers[i]);
    }
  });
}

/** A definition list from label, value pairs; pairs whose value is empty are left out. */
export function facts(pairs: [string, Child | Child[]][]): HTMLDListElement {
  const list = h('dl', {class: 'facts'});
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
      continue;
    }
    list.appendChild(h('dt', {}, label));
    list.appendChild(h('dd', {}, Array.isArray(value) ? value : [value]));
  }
  return list;
}

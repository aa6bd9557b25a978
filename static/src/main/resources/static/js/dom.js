// Every piece of data reaches the page as a text node or a property: nothing here parses HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function setProps(el, props) {
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked' || name === 'selected' || name === 'disabled' || name === 'hidden')
      el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** An HTML element: h('button', {class: 'primary', onclick}, 'Save'). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  return append(el, children);
}

/** An SVG element; attributes are presentation attributes, never style text. */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  return append(el, children);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function loading(text = 'Loading…') {
  return h(
    'p',
    { class: 'state state-loading', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    text,
  );
}

export function empty(text) {
  return h('p', { class: 'state state-empty' }, text);
}

export function errorBox(error, retry) {
  const message = error && error.message ? error.message : String(error);
  return h(
    'div',
    { class: 'state state-error', role: 'alert' },
    h('strong', null, 'Something went wrong: '),
    h('span', { class: 'error-message' }, message),
    retry ? h('button', { type: 'button', class: 'link', onclick: retry }, 'Try again') : null,
  );
}

let uid = 0;
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form control: returns the wrapper; the control is its .control. */
export function field(label, control, hint) {
  if (!control.id) control.id = nextId('field');
  const hintEl = hint ? h('small', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const wrapper = h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
  wrapper.control = control;
  return wrapper;
}

export function input(props) {
  return h('input', { type: 'text', ...props });
}

export function select(options, props) {
  const el = h('select', props);
  for (const option of options) {
    const [value, label] = Array.isArray(option) ? option : [option, option];
    el.append(h('option', { value }, label));
  }
  if (props && props.value !== undefined) el.value = props.value;
  return el;
}

export function table(columns, rows, { caption, rowClass } = {}) {
  const head = h(
    'thead',
    null,
    h(
      'tr',
      null,
      columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)),
    ),
  );
  const body = h('tbody');
  for (const row of rows) {
    const tr = h('tr', { class: rowClass ? rowClass(row) : null });
    for (const c of columns) {
      const value = c.render ? c.render(row) : row[c.key];
      tr.append(append(h('td', { class: c.class, 'data-label': c.label }), [value ?? '']));
    }
    body.append(tr);
  }
  return h('div', { class: 'table-wrap' }, h('table', null, caption ? h('caption', null, caption) : null, head, body));
}

/** A modal dialog; resolves with the value passed to close(), or undefined when dismissed. */
export function modal(title, build, { wide = false } = {}) {
  return new Promise((resolve) => {
    const titleId = nextId('dialog-title');
    const dialog = h('dialog', { class: wide ? 'dialog wide' : 'dialog', 'aria-labelledby': titleId });
    let result;
    const close = (value) => {
      result = value;
      dialog.close();
    };
    const headerEl = h(
      'header',
      { class: 'dialog-header' },
      h('h2', { id: titleId }, title),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: () => close(undefined) }, '×'),
    );
    dialog.append(headerEl, build(close));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function confirmDialog(title, message, confirmLabel, { danger = false } = {}) {
  return modal(title, (close) =>
    h(
      'div',
      { class: 'dialog-body' },
      h('p', null, message),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => close(false) }, 'Cancel'),
        h('button', { type: 'button', class: danger ? 'danger' : 'primary', onclick: () => close(true) }, confirmLabel),
      ),
    ),
  );
}

let toastHost;
export function toast(message, kind = 'info') {
  if (!toastHost) {
    toastHost = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(toastHost);
  }
  const el = h('div', { class: `toast toast-${kind}` }, message);
  toastHost.append(el);
  setTimeout(() => el.remove(), 5000);
}

/** Downloads a Blob under a file name without navigating away. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

import { h, replace } from '../dom.js';

/**
 * Previous / next over a cursor-paged list. The server's cursors only go forward, so the cursors
 * of the pages seen are kept to go back.
 */
export class Pager {
  constructor(onChange, label = 'Pages') {
    this.onChange = onChange;
    this.el = h('nav', { class: 'pager', 'aria-label': label });
    this.reset();
  }

  reset() {
    this.cursors = [null];
    this.index = 0;
  }

  get cursor() {
    return this.cursors[this.index];
  }

  update(page) {
    this.cursors.length = this.index + 1;
    if (page.has_more && page.next_cursor) this.cursors.push(page.next_cursor);
    const hasPrevious = this.index > 0;
    const hasNext = this.cursors.length > this.index + 1;
    replace(
      this.el,
      h('button', { type: 'button', disabled: !hasPrevious, onclick: () => this.go(-1) }, '← Previous'),
      h('span', { class: 'pager-position' }, `Page ${this.index + 1}`),
      h('button', { type: 'button', disabled: !hasNext, onclick: () => this.go(1) }, 'Next →'),
    );
    this.el.hidden = !hasPrevious && !hasNext;
  }

  go(delta) {
    this.index = Math.max(0, Math.min(this.cursors.length - 1, this.index + delta));
    this.onChange();
  }
}

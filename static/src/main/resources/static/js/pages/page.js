import { h, replace, loading, errorBox } from '../dom.js';
import * as session from '../session.js';

/** Base of every page: a heading, cancellation of its requests and timers when it is left. */
export class Page extends HTMLElement {
  connectedCallback() {
    this.controller = new AbortController();
    this.timers = [];
    this.classList.add('page');
    this.build();
  }

  disconnectedCallback() {
    this.controller.abort();
    this.timers.forEach((timer) => clearTimeout(timer));
    if (this.teardown) this.teardown();
  }

  get signal() {
    return this.controller.signal;
  }

  get admin() {
    return session.isAdmin();
  }

  later(fn, ms) {
    const timer = setTimeout(fn, ms);
    this.timers.push(timer);
    return timer;
  }

  header(title, intro, ...actions) {
    return h(
      'header',
      { class: 'page-header' },
      h('div', null, h('h1', { tabindex: '-1' }, title), intro ? h('p', { class: 'intro' }, intro) : null),
      h('div', { class: 'page-actions' }, actions),
    );
  }

  /** Shows a loading state in target while fn runs, and an error state with a retry if it fails. */
  async load(target, fn) {
    replace(target, loading());
    try {
      await fn();
    } catch (error) {
      if (error.name === 'AbortError' || this.signal.aborted) return;
      replace(
        target,
        errorBox(error, () => this.load(target, fn)),
      );
    }
  }
}

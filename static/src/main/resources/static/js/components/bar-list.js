import { h, s, replace, empty } from '../dom.js';

/**
 * <llm-bar-list>: ranked horizontal bars. Set .items = [{label, value: number, display: string,
 * detail?: string}] (largest first); the bar lengths are relative to the first.
 */
class BarList extends HTMLElement {
  set items(items) {
    this._items = items;
    this.render();
  }

  render() {
    const items = this._items || [];
    if (!items.length) {
      replace(this, empty(this.getAttribute('empty-text') || 'Nothing to show yet.'));
      return;
    }
    const max = Math.max(...items.map((item) => item.value), 0);
    const list = h('ol', { class: 'bar-list' });
    for (const item of items) {
      const share = max > 0 ? Math.max(0.5, (item.value / max) * 100) : 0;
      list.append(
        h(
          'li',
          null,
          h('span', { class: 'bar-label', title: item.detail || null }, item.label),
          s(
            'svg',
            { class: 'bar-track', width: '100%', height: 10, 'aria-hidden': 'true', preserveAspectRatio: 'none' },
            s('rect', { class: 'bar', x: 0, y: 0, height: 10, width: `${share.toFixed(2)}%`, rx: 2 }),
          ),
          h('span', { class: 'bar-value' }, item.display),
        ),
      );
    }
    replace(this, list);
  }
}

customElements.define('llm-bar-list', BarList);

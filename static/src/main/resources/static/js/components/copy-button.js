import { h, replace } from '../dom.js';

/** <llm-copy-button>: copies .value to the clipboard; says so in a live region. */
class CopyButton extends HTMLElement {
  connectedCallback() {
    if (this.button) return;
    this.button = h(
      'button',
      { type: 'button', class: 'primary', onclick: () => this.copy() },
      this.getAttribute('label') || 'Copy',
    );
    this.status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
    replace(this, this.button, this.status);
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.value || '');
      this.status.textContent = 'Copied';
    } catch {
      // no clipboard access (e.g. a page that is not a secure context): leave it selected instead
      const target = this.target && document.getElementById(this.target);
      if (target && target.select) target.select();
      this.status.textContent = 'Press Ctrl+C to copy';
    }
  }
}

customElements.define('llm-copy-button', CopyButton);

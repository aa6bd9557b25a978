import { h, replace, empty, table } from '../dom.js';
import * as fmt from '../format.js';
import * as decimal from '../decimal.js';
import * as usage from '../usage-data.js';
import { readEvents } from '../sse.js';
import { requestColumns } from '../request-log.js';
import { Page } from './page.js';

const KEEP = 200;

class LivePage extends Page {
  build() {
    this.entries = [];
    this.received = 0;
    this.cost = '0';
    this.paused = false;
    this.status = h('p', { class: 'live-status', role: 'status', 'aria-live': 'polite' });
    this.counters = h('p', { class: 'live-counters' });
    this.pauseButton = h(
      'button',
      { type: 'button', 'aria-pressed': 'false', onclick: () => this.togglePause() },
      'Pause',
    );
    this.results = h('div', { class: 'results' });
    replace(
      this,
      this.header(
        'Live feed',
        'Every request as the ledger records it, newest first.',
        this.pauseButton,
        h('button', { type: 'button', onclick: () => this.clearFeed() }, 'Clear'),
      ),
      h('div', { class: 'live-bar' }, this.status, this.counters),
      this.results,
    );
    this.render();
    usage
      .keyIndex(true)
      .then((keys) => {
        this.keys = keys;
        this.render();
      })
      .catch(() => {});
    this.connect(0);
  }

  setStatus(state, text) {
    this.status.dataset.state = state;
    replace(this.status, h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
  }

  async connect(attempt) {
    if (this.signal.aborted) return;
    this.setStatus('connecting', attempt ? 'Reconnecting…' : 'Connecting…');
    try {
      await readEvents('/api/usage/stream', {
        signal: this.signal,
        onOpen: () => {
          attempt = 0;
          this.setStatus('live', 'Live: waiting for requests');
        },
        onEvent: (event) => {
          if (event.event !== 'usage') return;
          this.add(JSON.parse(event.data));
        },
      });
    } catch (error) {
      if (error.name === 'AbortError' || this.signal.aborted) return;
      if (error.status === 401) return;
      const wait = Math.min(10000, 1000 * 2 ** attempt);
      this.setStatus('error', `Disconnected (${error.message}); retrying in ${Math.round(wait / 1000)} s`);
      this.later(() => this.connect(attempt + 1), wait);
      return;
    }
    if (!this.signal.aborted) {
      this.setStatus('error', 'The server closed the feed; reconnecting');
      this.later(() => this.connect(attempt + 1), 1000);
    }
  }

  add(entry) {
    this.received += 1;
    this.cost = decimal.add(this.cost, entry.cost || '0');
    if (this.keys && !this.keys.has(entry.key_id))
      usage
        .keyIndex(true)
        .then((keys) => {
          this.keys = keys;
        })
        .catch(() => {});
    this.entries.unshift(entry);
    if (this.entries.length > KEEP) this.entries.length = KEEP;
    if (this.status.dataset.state === 'live') this.setStatus('live', 'Live');
    if (!this.paused) this.render();
    else this.renderCounters();
  }

  togglePause() {
    this.paused = !this.paused;
    this.pauseButton.textContent = this.paused ? 'Resume' : 'Pause';
    this.pauseButton.setAttribute('aria-pressed', String(this.paused));
    this.render();
  }

  clearFeed() {
    this.entries = [];
    this.received = 0;
    this.cost = '0';
    this.render();
  }

  renderCounters() {
    replace(
      this.counters,
      `${fmt.count(this.received)} requests · ${fmt.money(this.cost)} since opened`,
      this.paused ? ' · paused' : '',
    );
  }

  render() {
    this.renderCounters();
    replace(
      this.results,
      this.entries.length
        ? table(requestColumns(this.keys), this.entries, {
            caption: `Latest ${KEEP} requests`,
            rowClass: (r) => `request-row outcome-${r.outcome}`,
          })
        : empty('No request since this page was opened. Requests appear here as they are recorded.'),
    );
  }
}

customElements.define('llm-live-page', LivePage);

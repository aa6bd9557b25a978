import { h, replace, empty, table, field, input } from '../dom.js';
import { api } from '../api.js';
import * as fmt from '../format.js';
import { Pager } from '../components/pager.js';
import { Page } from './page.js';

function summaryText(summary) {
  if (summary === null || summary === undefined) return '';
  return typeof summary === 'string' ? summary : JSON.stringify(summary, null, 1);
}

class ActivityPage extends Page {
  build() {
    this.actor = input({ maxlength: 200 });
    this.action = input({ maxlength: 100, placeholder: 'e.g. ApiKeyRevoked' });
    this.subject = input({ maxlength: 128 });
    this.since = input({ type: 'datetime-local' });
    this.until = input({ type: 'datetime-local' });
    this.results = h('div', { class: 'results' });
    this.pager = new Pager(() => this.refresh(false), 'Activity pages');
    const form = h(
      'form',
      { class: 'filters', role: 'search' },
      field('Actor', this.actor),
      field('Action', this.action),
      field('Subject id', this.subject),
      field('Since', this.since),
      field('Until', this.until),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Apply')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.refresh(true);
    });
    replace(
      this,
      this.header(
        'Admin activity',
        'Every change an administrator made, newest first, from the event store.',
        h('button', { type: 'button', onclick: () => this.refresh(true) }, 'Refresh'),
      ),
      form,
      this.results,
      this.pager.el,
    );
    this.refresh(true);
  }

  refresh(reset) {
    if (reset) this.pager.reset();
    return this.load(this.results, async () => {
      const page = await api('/api/audit/admin-events', {
        query: {
          actor: this.actor.value.trim(),
          action: this.action.value.trim(),
          subject_id: this.subject.value.trim(),
          since: fmt.localInputToIso(this.since.value),
          until: fmt.localInputToIso(this.until.value),
          limit: 50,
          before: this.pager.cursor,
        },
        signal: this.signal,
      });
      this.pager.update(page);
      replace(
        this.results,
        page.data.length
          ? table(
              [
                { label: 'Time', render: (e) => fmt.time(e.occurred_at) },
                {
                  label: 'Actor',
                  render: (e) => [
                    h('span', null, e.actor || '—'),
                    e.actor_role ? h('small', { class: 'muted block' }, e.actor_role) : null,
                  ],
                },
                { label: 'Action', render: (e) => h('span', { class: 'action-name' }, e.action) },
                {
                  label: 'Subject',
                  render: (e) => [h('small', { class: 'muted block' }, e.subject_type), h('code', null, e.subject_id)],
                },
                {
                  label: 'Details',
                  render: (e) =>
                    h(
                      'details',
                      null,
                      h('summary', null, 'Fields'),
                      h('pre', { class: 'summary' }, summaryText(e.summary)),
                    ),
                },
                { label: 'Position', class: 'num', render: (e) => fmt.count(e.position) },
              ],
              page.data,
              { caption: 'Admin events', rowClass: () => 'activity-row' },
            )
          : empty('No administrator activity matches.'),
      );
    });
  }
}

customElements.define('llm-activity-page', ActivityPage);

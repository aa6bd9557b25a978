import { h, replace, empty, table, field, input, select, modal, confirmDialog, toast } from '../dom.js';
import { api } from '../api.js';
import * as fmt from '../format.js';
import { list, FormError } from '../forms.js';
import { Page } from './page.js';

function deploymentText(d) {
  const caps =
    d.limits && (d.limits.requests_per_minute != null || d.limits.tokens_per_minute != null)
      ? ` (${fmt.limits(d.limits)})`
      : '';
  return `${d.provider} / ${d.model}${d.weight !== 1 ? ` × ${d.weight}` : ''}${caps}`;
}

class ModelsPage extends Page {
  build() {
    this.results = h('div', { class: 'results' });
    replace(
      this,
      this.header(
        'Models & routes',
        'Each public alias routes to one or more provider deployments, with retries and fallbacks.',
        this.admin
          ? h('button', { type: 'button', class: 'primary', onclick: () => this.edit(null) }, 'Add route')
          : null,
      ),
      this.results,
    );
    this.refresh();
  }

  refresh() {
    return this.load(this.results, async () => {
      const answer = await api('/api/models', { signal: this.signal });
      this.providers = answer.providers;
      if (!answer.data.length) {
        replace(this.results, empty('No alias is routed yet. Add a route so keys can call a model.'));
        return;
      }
      const columns = [
        { label: 'Alias', render: (r) => h('code', { class: 'alias' }, r.alias) },
        {
          label: 'Deployments',
          render: (r) =>
            h(
              'ul',
              { class: 'plain' },
              r.deployments.map((d) => h('li', null, deploymentText(d))),
            ),
        },
        {
          label: 'Fallbacks',
          render: (r) => [
            r.fallbacks.join(', ') || '—',
            r.context_window_fallbacks.length
              ? h('small', { class: 'muted block' }, `context: ${r.context_window_fallbacks.join(', ')}`)
              : null,
          ],
        },
        { label: 'Attempts', class: 'num', render: (r) => fmt.count(r.retry.max_attempts) },
        { label: 'Timeout', render: (r) => (r.timeout_ms ? fmt.millis(r.timeout_ms) : 'provider default') },
        { label: 'Configured', render: (r) => fmt.time(r.configured_at) },
      ];
      if (this.admin) {
        columns.push({
          label: 'Actions',
          class: 'actions-cell',
          render: (r) =>
            h(
              'div',
              { class: 'row-actions' },
              h(
                'button',
                { type: 'button', class: 'small', 'aria-label': `Edit ${r.alias}`, onclick: () => this.edit(r) },
                'Edit',
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'small danger',
                  'aria-label': `Delete ${r.alias}`,
                  onclick: () => this.remove(r),
                },
                'Delete',
              ),
            ),
        });
      }
      replace(this.results, table(columns, answer.data, { caption: 'Routes' }));
    });
  }

  async remove(route) {
    if (
      !(await confirmDialog(
        `Delete route “${route.alias}”?`,
        'Requests for this alias will get 404 model_not_found.',
        'Delete route',
        { danger: true },
      ))
    )
      return;
    try {
      await api(`/admin/models/${encodeURIComponent(route.alias)}`, { method: 'DELETE' });
      toast(`Route “${route.alias}” deleted.`, 'success');
      await this.refresh();
    } catch (error) {
      toast(`Could not delete: ${error.message}`, 'error');
    }
  }

  async edit(route) {
    if (!this.providers) {
      try {
        this.providers = (await api('/api/models')).providers;
      } catch (error) {
        toast(`Could not read the configured providers: ${error.message}`, 'error');
        return;
      }
    }
    const providers = this.providers;
    const saved = await modal(
      route ? `Edit route “${route.alias}”` : 'Add a route',
      (close) => {
        const alias = input({ required: true, maxlength: 128, value: route ? route.alias : '', readonly: !!route });
        const rows = h('div', { class: 'deployments' });
        const addRow = (d) => {
          const provider = select(providers.length ? providers : [d ? d.provider : ''], {
            value: d ? d.provider : providers[0],
          });
          const model = input({ required: true, maxlength: 256, value: d ? d.model : '' });
          const weight = input({ type: 'number', min: 1, step: 1, value: d ? String(d.weight) : '1' });
          const row = h(
            'fieldset',
            { class: 'inline deployment' },
            h('legend', null, 'Deployment'),
            field('Provider', provider),
            field('Model', model),
            field('Weight', weight),
            h(
              'button',
              {
                type: 'button',
                class: 'small',
                onclick: () => {
                  if (rows.children.length > 1) row.remove();
                },
              },
              'Remove',
            ),
          );
          row.read = () => {
            if (!model.value.trim()) throw new FormError('Every deployment needs the model name its provider knows.');
            const w = Number(weight.value || 1);
            if (!Number.isInteger(w) || w < 1) throw new FormError('A weight is a whole number of at least 1.');
            const original = d && d.provider === provider.value && d.model === model.value.trim() ? d.limits : null;
            return {
              provider: provider.value,
              model: model.value.trim(),
              weight: w,
              limits:
                original && (original.requests_per_minute != null || original.tokens_per_minute != null)
                  ? original
                  : null,
            };
          };
          rows.append(row);
        };
        (route ? route.deployments : [null]).forEach(addRow);
        const fallbacks = input({ value: route ? route.fallbacks.join(', ') : '' });
        const contextFallbacks = input({ value: route ? route.context_window_fallbacks.join(', ') : '' });
        const attempts = input({
          type: 'number',
          min: 1,
          max: 10,
          step: 1,
          value: route ? String(route.retry.max_attempts) : '1',
        });
        const timeout = input({
          type: 'number',
          min: 1,
          max: 3600000,
          step: 1,
          value: route && route.timeout_ms ? String(route.timeout_ms) : '',
        });
        const message = h('div', { class: 'form-message', role: 'alert' });
        const form = h(
          'form',
          { class: 'dialog-body', novalidate: true },
          field('Alias', alias, 'The model name clients send'),
          rows,
          h('button', { type: 'button', class: 'small', onclick: () => addRow(null) }, 'Add deployment'),
          h(
            'div',
            { class: 'grid two' },
            field('Fallback aliases', fallbacks, 'Comma-separated, tried in order'),
            field('Context-window fallbacks', contextFallbacks, 'For prompts too long for this model'),
            field('Attempts', attempts, '1 = no retry'),
            field('Timeout (ms)', timeout, 'Empty: the provider’s timeout'),
          ),
          message,
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', onclick: () => close(undefined) }, 'Cancel'),
            h('button', { type: 'submit', class: 'primary' }, 'Save route'),
          ),
        );
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          replace(message);
          try {
            if (!/^[A-Za-z0-9._:-]{1,128}$/.test(alias.value.trim()))
              throw new FormError('An alias is 1-128 letters, digits, dots, underscores, colons or dashes.');
            const body = {
              deployments: [...rows.children].map((row) => row.read()),
              fallbacks: list(fallbacks.value),
              context_window_fallbacks: list(contextFallbacks.value),
              retry: { ...(route ? route.retry : {}), max_attempts: Number(attempts.value || 1) },
              timeout_ms: timeout.value ? Number(timeout.value) : null,
            };
            await api(`/admin/models/${encodeURIComponent(alias.value.trim())}`, { method: 'PUT', body });
            close(alias.value.trim());
          } catch (error) {
            replace(message, error.message);
          }
        });
        return form;
      },
      { wide: true },
    );
    if (!saved) return;
    toast(`Route “${saved}” saved.`, 'success');
    await this.refresh();
  }
}

customElements.define('llm-models-page', ModelsPage);

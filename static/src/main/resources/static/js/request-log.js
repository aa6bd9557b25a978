import { h } from './dom.js';
import * as fmt from './format.js';

/** Columns of a request-log entry (GET /api/usage/requests, the live stream). */
export function requestColumns(keys) {
  const keyName = (id) => {
    const key = keys && keys.get(id);
    return key ? key.name : id;
  };
  return [
    { label: 'Time', render: (r) => fmt.time(r.occurred_at) },
    { label: 'Key', render: (r) => h('span', { title: r.key_id, class: 'key-name' }, keyName(r.key_id)) },
    {
      label: 'Model',
      render: (r) => [h('code', null, r.alias), h('small', { class: 'muted block' }, `${r.provider} / ${r.model}`)],
    },
    { label: 'Endpoint', render: (r) => `${r.endpoint}${r.streamed ? ' (stream)' : ''}` },
    {
      label: 'Tokens',
      class: 'num',
      render: (r) => [
        fmt.count(r.total_tokens),
        h(
          'small',
          { class: 'muted block' },
          `${fmt.count(r.prompt_tokens)} in · ${fmt.count(r.completion_tokens)} out${r.cached_tokens ? ` · ${fmt.count(r.cached_tokens)} cached` : ''}${r.estimated ? ' · estimated' : ''}`,
        ),
      ],
    },
    { label: 'Cost', class: 'num', render: (r) => fmt.money(r.cost) },
    {
      label: 'Latency',
      class: 'num',
      render: (r) => [
        fmt.millis(r.latency_ms),
        r.time_to_first_token_ms != null
          ? h('small', { class: 'muted block' }, `first token ${fmt.millis(r.time_to_first_token_ms)}`)
          : null,
      ],
    },
    {
      label: 'Outcome',
      render: (r) => [
        h('span', { class: `badge outcome-${r.outcome}` }, r.outcome),
        r.attempts > 1 ? h('small', { class: 'muted block' }, `${r.attempts} attempts`) : null,
      ],
    },
    { label: 'Request id', render: (r) => h('code', { class: 'request-id' }, r.request_id) },
  ];
}

import { h, s, replace } from '../dom.js';

const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 28, left: 64 };

function niceStep(max, ticks) {
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  const nice = residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1;
  return nice * magnitude;
}

/**
 * <llm-time-chart>: a small SVG chart of values over time buckets. Set .data = {labels: Date[],
 * series: [{name, values: number[], display?: string[]}], kind: 'line'|'bar' (bars stack),
 * yFormat(n), xFormat(date), description}. Each mark has a <title> for hover, and the figures are
 * also in a table under "Show data" for keyboards and screen readers.
 */
class TimeChart extends HTMLElement {
  connectedCallback() {
    if (!this.observer) {
      this.observer = new ResizeObserver(() => {
        const width = Math.round(this.clientWidth);
        if (width && width !== this.renderedWidth) this.render();
      });
    }
    this.observer.observe(this);
    this.render();
  }

  disconnectedCallback() {
    if (this.observer) this.observer.disconnect();
  }

  set data(value) {
    this._data = value;
    if (this.isConnected) this.render();
  }

  get data() {
    return this._data;
  }

  render() {
    const data = this._data;
    if (!data) return;
    const width = Math.max(260, Math.round(this.clientWidth) || 600);
    this.renderedWidth = Math.round(this.clientWidth);
    const { labels, series } = data;
    const kind = data.kind || 'line';
    const yFormat = data.yFormat || String;
    const xFormat = data.xFormat || ((d) => d.toISOString());
    const plotW = width - PAD.left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    const n = labels.length;
    const totals = labels.map((_, i) =>
      kind === 'bar'
        ? series.reduce((sum, serie) => sum + Math.max(0, serie.values[i] || 0), 0)
        : Math.max(...series.map((serie) => serie.values[i] || 0)),
    );
    const dataMax = Math.max(0, ...totals);
    const step = dataMax > 0 ? niceStep(dataMax, 4) : 1;
    const yMax = dataMax > 0 ? Math.ceil(dataMax / step) * step : 1;
    const y = (v) => PAD.top + plotH - (v / yMax) * plotH;
    const slot = n > 0 ? plotW / n : plotW;
    const xCenter = (i) => PAD.left + slot * i + slot / 2;

    const svg = s('svg', {
      class: `chart chart-${kind}`,
      width,
      height: HEIGHT,
      viewBox: `0 0 ${width} ${HEIGHT}`,
      role: 'img',
      'aria-label': data.description || 'chart',
    });
    for (let v = 0; v <= yMax + step / 2; v += step) {
      svg.append(
        s('line', { class: 'grid', x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v) }),
        s('text', { class: 'axis-label', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, yFormat(v)),
      );
    }
    const labelEvery = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 70))));
    labels.forEach((label, i) => {
      if (i % labelEvery === 0) {
        svg.append(
          s('text', { class: 'axis-label', x: xCenter(i), y: HEIGHT - 8, 'text-anchor': 'middle' }, xFormat(label)),
        );
      }
    });
    svg.append(s('line', { class: 'axis', x1: PAD.left, x2: width - PAD.right, y1: y(0), y2: y(0) }));

    if (kind === 'bar') {
      const barW = Math.max(1, slot * 0.7);
      labels.forEach((label, i) => {
        let base = 0;
        series.forEach((serie, k) => {
          const v = Math.max(0, serie.values[i] || 0);
          if (v <= 0) return;
          const top = y(base + v);
          const rect = s(
            'rect',
            {
              class: `mark series-${k}`,
              x: xCenter(i) - barW / 2,
              y: top,
              width: barW,
              height: Math.max(0.5, y(base) - top),
            },
            s('title', null, `${xFormat(label)} · ${serie.name}: ${serie.display ? serie.display[i] : yFormat(v)}`),
          );
          svg.append(rect);
          base += v;
        });
      });
    } else {
      series.forEach((serie, k) => {
        const points = serie.values.map((v, i) => (v === null || v === undefined ? null : [xCenter(i), y(v)]));
        const path = points
          .filter(Boolean)
          .map((p, i) => `${i ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`)
          .join(' ');
        if (path)
          svg.append(s('path', { class: `line series-${k}${serie.dashed ? ' dashed' : ''}`, d: path, fill: 'none' }));
        if (!serie.dashed) {
          points.forEach((p, i) => {
            if (!p) return;
            svg.append(
              s(
                'circle',
                { class: `point series-${k}`, cx: p[0], cy: p[1], r: n > 60 ? 1.5 : 3 },
                s(
                  'title',
                  null,
                  `${xFormat(labels[i])} · ${serie.name}: ${serie.display ? serie.display[i] : yFormat(serie.values[i])}`,
                ),
              ),
            );
          });
        }
      });
    }

    const legend = h(
      'ul',
      { class: 'legend' },
      series.map((serie, k) =>
        h(
          'li',
          null,
          h('span', { class: `swatch series-${k}${serie.dashed ? ' dashed' : ''}`, 'aria-hidden': 'true' }),
          serie.name,
        ),
      ),
    );
    const rows = labels.map((label, i) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, xFormat(label)),
        series.map((serie) => h('td', null, serie.display ? serie.display[i] : yFormat(serie.values[i] || 0))),
      ),
    );
    const details = h(
      'details',
      { class: 'chart-data' },
      h('summary', null, 'Show data'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          null,
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Time'),
              series.map((serie) => h('th', { scope: 'col' }, serie.name)),
            ),
          ),
          h('tbody', null, rows),
        ),
      ),
    );
    replace(this, h('div', { class: 'chart-frame' }, svg), legend, details);
  }
}

customElements.define('llm-time-chart', TimeChart);

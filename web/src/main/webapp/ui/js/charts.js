// Small charts drawn as inline SVG with DOM calls, for the Dashboard (views/dashboard.js); no library. The page's
// Content-Security-Policy allows no inline style: geometry goes in SVG attributes (x, y, width, height, points) and
// colours in console.css classes (.series-<key> for a series' marks and legend swatch). Each chart is an <svg
// role="img"> named by its <title> and described by its <desc>; its numbers go in a data table beside it
// (dataTable). docs/architecture.md, "Console".
import { h, number } from './ui.js';

const NS = 'http://www.w3.org/2000/svg';
let charts = 0;

/** An SVG element: svg('rect', {x: 1, class: 'mark'}, child, …); null, undefined and false attributes are left out. */
export function svg(tag, attrs = {}, ...children) {
    const el = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attrs)) {
        if (value !== undefined && value !== null && value !== false) {
            el.setAttribute(name, String(value));
        }
    }
    for (const child of children.flat()) {
        if (child !== undefined && child !== null && child !== false) {
            el.append(child instanceof Node ? child : String(child));
        }
    }
    return el;
}

/** A linear scale: the value v of [d0, d1] at its place in [r0, r1]. */
export function linear([d0, d1], [r0, r1]) {
    const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
    return v => r0 + (v - d0) * k;
}

/** Whole-number ticks from 0 to a round top ≥ max (steps of 1, 2 or 5 × 10^n), about count of them. */
export function countTicks(max, count = 4) {
    if (!(max > 0)) {
        return [0, 1];
    }
    const raw = max / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = Math.max(1, [1, 2, 5, 10].map(m => m * power).find(s => s >= raw));
    const ticks = [];
    for (let v = 0; v < max + step; v += step) {
        ticks.push(v);
    }
    return ticks;
}

/**
 * An empty chart of width × height (the viewBox: the page scales it to its box) with its accessible name and
 * description; plot is the area inside the margins, where the marks go.
 */
export function frame({ width, height, margin, title, description, id }) {
    const n = ++charts;
    const root = svg('svg', { class: 'chart-svg', id, viewBox: `0 0 ${width} ${height}`, role: 'img',
        'aria-labelledby': `chart-title-${n}`, 'aria-describedby': `chart-desc-${n}` },
    svg('title', { id: `chart-title-${n}` }, title),
    svg('desc', { id: `chart-desc-${n}` }, description));
    const plot = { left: margin.left, top: margin.top, right: width - margin.right, bottom: height - margin.bottom };
    return { root, plot };
}

/** Horizontal grid lines with their values on the left, and the axis's name turned along it. */
export function yAxis(root, plot, ticks, y, label) {
    const g = svg('g', { class: 'axis axis-y' });
    for (const t of ticks) {
        g.append(svg('line', { class: 'grid', x1: plot.left, x2: plot.right, y1: y(t), y2: y(t) }),
            svg('text', { x: plot.left - 6, y: y(t), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, number(t)));
    }
    if (label) {
        g.append(svg('text', { class: 'axis-label', 'text-anchor': 'middle',
            transform: `translate(12 ${(plot.top + plot.bottom) / 2}) rotate(-90)` }, label));
    }
    root.append(g);
}

/** The base line with ticks: [{x, label}] under it, and the axis's name below them. */
export function xAxis(root, plot, ticks, label) {
    const g = svg('g', { class: 'axis axis-x' },
        svg('line', { class: 'baseline', x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }));
    for (const t of ticks) {
        g.append(svg('line', { class: 'baseline', x1: t.x, x2: t.x, y1: plot.bottom, y2: plot.bottom + 4 }),
            // (a label at the right end ends there: the margin is too narrow for its other half)
            svg('text', { x: t.x, y: plot.bottom + 16, 'text-anchor': t.x > plot.right - 24 ? 'end' : 'middle' }, t.label));
    }
    if (label) {
        g.append(svg('text', { class: 'axis-label', x: (plot.left + plot.right) / 2, y: plot.bottom + 34, 'text-anchor': 'middle' }, label));
    }
    root.append(g);
}

/**
 * Vertical bars, each a stack of the series' values from the bottom up: bars are [{x, width, values: {key: n}, title}],
 * series [{key, label}] in stacking order. One rect (class "mark series-<key>") per value above 0, with a tooltip.
 */
export function stackedBars(root, bars, series, y, className = '') {
    const g = svg('g', { class: `marks ${className}` });
    for (const bar of bars) {
        let base = 0;
        for (const s of series) {
            const value = bar.values[s.key] || 0;
            if (value > 0) {
                const top = y(base + value);
                g.append(svg('rect', { class: `mark series-${s.key}`, 'data-series': s.key, x: bar.x, width: bar.width,
                    y: top, height: Math.max(y(base) - top, 0.5) }, svg('title', {}, `${bar.title}: ${s.label} ${number(value)}`)));
                base += value;
            }
        }
    }
    root.append(g);
}

/** Horizontal bars, one row per item [{label, value, title}], the label on the left and the value after the bar. */
export function horizontalBars(root, plot, items, x, seriesKey) {
    const g = svg('g', { class: 'marks' });
    const row = (plot.bottom - plot.top) / Math.max(items.length, 1);
    items.forEach((item, i) => {
        const middle = plot.top + row * i + row / 2;
        const height = Math.min(row * 0.7, 22);
        g.append(svg('text', { class: 'bar-name', x: plot.left - 8, y: middle, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, item.label));
        if (item.value > 0) {
            g.append(svg('rect', { class: `mark series-${seriesKey}`, 'data-series': seriesKey, x: plot.left, y: middle - height / 2,
                width: Math.max(x(item.value) - plot.left, 1), height }, svg('title', {}, item.title)));
        }
        g.append(svg('text', { class: 'value-label', x: x(item.value) + 6, y: middle, 'dominant-baseline': 'middle' }, number(item.value)));
    });
    root.append(g);
}

/** The series' names, each after a swatch of its colour. */
export function legend(series) {
    return h('ul', { class: 'legend' }, series.map(s => h('li', { 'data-series': s.key },
        h('span', { class: `swatch series-${s.key}`, 'aria-hidden': 'true' }), s.label)));
}

/**
 * The chart's numbers as a table in a <details> (closed until asked for): columns are header texts, rows are
 * [{key, cells: [node or text, …], values: [raw value, …]}]; the first cell is the row's header. Each cell keeps its
 * raw value in data-value.
 */
export function dataTable({ summary, caption, columns, rows }) {
    return h('details', { class: 'chart-data' },
        h('summary', {}, summary),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data compact' },
            h('caption', { class: 'visually-hidden' }, caption),
            h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : null }, c)))),
            h('tbody', {}, rows.map(r => h('tr', { 'data-key': r.key },
                r.cells.map((cell, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: i > 0 ? 'num' : null,
                    'data-value': String(r.values[i]) }, cell))))))));
}

// Dashboard: the history of the estate and its wakes, for every role (docs/api.md, "Insight"): the coverage hour by
// hour (and its CSV), wake outcomes per day with the failed targets by reason, the time from due to sent and to awake,
// and the subnets that fail most; over the last 7, 30 or 90 days, read again every minute. The charts are drawn by
// ../charts.js, each with its numbers in a table beside it. The first view after sign-in. docs/architecture.md, "Console".
import { api } from '../api.js';
import * as chart from '../charts.js';
import { add, announce, clear, download, field, h, number, problemBox, time } from '../ui.js';

const SPANS = [7, 30, 90];
const REFRESH = 60000;
const HOUR = 3600000;
const DAY = 86400000;
/** Series in stacking order, bottom first; their colours are console.css's .series-<key>. */
const COVERAGE = [
    { key: 'primaryAndAlternate', label: 'Primary and Alternate' },
    { key: 'oneAgent', label: 'One agent' },
    { key: 'none', label: 'No agent' },
    { key: 'unreachable', label: 'Unreachable' },
];
const OUTCOMES = [
    { key: 'sent', label: 'Sent' },
    { key: 'awake', label: 'Awake' },
    { key: 'failed', label: 'Failed' },
    { key: 'skipped', label: 'Skipped' },
    { key: 'not-confirmed', label: 'Not confirmed' },
];
const KINDS = [
    { key: 'sent', label: 'Due to sent', what: 'from when a target was due to an agent sending its magic packet' },
    { key: 'awake', label: 'Due to awake', what: 'from when a target was due to it answering (jobs that verify only)' },
];
/** The latency buckets' upper bounds in seconds (docs/api.md); null: slower than the last. */
const BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, null];

/** The span the view shows, kept between visits. */
let days = 30;

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const utcDayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const hourFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const hourTick = new Intl.DateTimeFormat(undefined, { hour: 'numeric' });

function bucketLabel(seconds) {
    if (seconds === null) {
        return '> 1 h';
    }
    return `≤${seconds < 60 ? `${seconds} s` : seconds < 3600 ? `${seconds / 60} min` : `${seconds / 3600} h`}`;
}

/** "No data yet: …" in place of the chart. */
function empty(body, why) {
    add(body, h('p', { class: 'chart-empty' }, h('strong', {}, 'No data yet'), `: ${why}`));
    return 'empty';
}

/** Ticks about a week apart at most: every day for 7 days, every 5 for 30, every 13 for 90. */
function dayStep(span) {
    return Math.max(1, Math.ceil(span / 7));
}

export async function render(root, ctx) {
    const select = h('select', {}, SPANS.map(d => h('option', { value: d, selected: d === days }, `Last ${d} days`)));
    const updated = h('p', { class: 'muted small toolbar-note', id: 'dashboard-updated' }, 'Reading…');
    const csvButton = h('button', { type: 'button', class: 'secondary', id: 'coverage-csv', onclick: downloadCsv }, 'Download CSV');
    const csvMessage = h('div', { id: 'coverage-csv-message' });
    const cards = {
        coverage: card('coverage', 'Coverage of the estate',
            'Subnets by how many of Primary and Alternate they have, one sample an hour.', [csvButton, csvMessage]),
        outcomes: card('outcomes', 'Wake outcomes per day', 'Targets of the jobs due each day (UTC), by how they ended.'),
        latency: card('latency', 'Time from due to sent and to awake', 'Targets by how long they took, summed over the days.'),
        failing: card('failing-subnets', 'Subnets that fail most', 'Failed targets per subnet, the 10 with the most.'),
    };
    let coverageSpan = null;   // {from, to} of the coverage on screen: the CSV is the same
    let loads = 0;

    select.addEventListener('change', () => {
        days = Number(select.value);
        announce(`The dashboard shows the last ${days} days`);
        refresher.now();
    });

    add(root, h('section', { class: 'view' },
        h('h1', {}, 'Dashboard'),
        h('p', { class: 'lead' }, 'How well the agent list covers the estate, and how wakes went: the server keeps an hourly sample of the coverage and a daily count of every finished job (historyRetentionDays long).'),
        h('div', { class: 'toolbar' }, field({ name: 'days', label: 'Period', control: select }), updated),
        h('div', { class: 'dashboard-grid' }, Object.values(cards).map(c => c.section))));

    const refresher = ctx.poll(load, REFRESH);

    async function load() {
        const seq = ++loads;
        const span = days;
        const to = new Date(Math.floor(Date.now() / HOUR) * HOUR + HOUR);
        const from = new Date(to.getTime() - span * DAY);
        const results = await Promise.allSettled([
            api.get(`insight/coverage?from=${from.toISOString()}&to=${to.toISOString()}`),
            api.get(`insight/outcomes?days=${span}`),
            api.get(`insight/latency?days=${span}`),
            api.get(`insight/failing-subnets?days=${span}&limit=10`),
        ]);
        if (!ctx.alive() || seq !== loads) {
            return;
        }
        const [coverage, outcomes, latency, failing] = results;
        show(cards.coverage, coverage, span, drawCoverage);
        show(cards.outcomes, outcomes, span, drawOutcomes);
        show(cards.latency, latency, span, drawLatency);
        show(cards.failing, failing, span, drawFailing);
        if (coverage.status === 'fulfilled') {
            coverageSpan = { from: coverage.value.from, to: coverage.value.to };
        }
        clear(updated).append('Read at ', time(new Date().toISOString()), ' · read again every minute');
    }

    async function downloadCsv() {
        clear(csvMessage);
        if (!coverageSpan) {
            return;
        }
        csvButton.disabled = true;
        try {
            const csv = await api.text(`insight/coverage?format=csv&from=${coverageSpan.from}&to=${coverageSpan.to}`, 'text/csv');
            download(`reveille-coverage-${days}-days.csv`, csv);
            announce('Coverage downloaded as CSV');
        } catch (error) {
            add(csvMessage, problemBox(error));
        } finally {
            csvButton.disabled = false;
        }
    }
}

/** A chart's box: its heading, what it shows, tools (buttons), and the body a draw function fills. */
function card(id, title, lead, tools = []) {
    const body = h('div', { class: 'chart-body' }, h('p', { class: 'muted' }, 'Reading…'));
    const section = h('section', { class: 'chart-card', id: `chart-${id}`, 'aria-labelledby': `chart-${id}-heading`, 'data-state': 'loading' },
        h('div', { class: 'chart-head' }, h('h2', { id: `chart-${id}-heading` }, title), h('div', { class: 'chart-tools' }, tools)),
        h('p', { class: 'muted small chart-lead' }, lead), body);
    return { section, body, shown: null };
}

/**
 * Draws a card's answer (or its problem) unless it is what the card shows already; keeps its data table open when it
 * was. data-state: ready, empty or error; data-days, data-from and data-to: the span drawn.
 */
function show(c, result, span, draw) {
    const key = JSON.stringify([span, result.status, result.value || (result.reason && result.reason.message)]);
    if (key === c.shown) {
        return;
    }
    c.shown = key;
    const wasOpen = [...c.body.querySelectorAll('details')].map(d => d.open);
    clear(c.body);
    if (result.status === 'rejected') {
        c.section.dataset.state = 'error';
        add(c.body, problemBox(result.reason));
        return;
    }
    c.section.dataset.state = draw(c.body, result.value, span);
    c.section.dataset.days = span;
    c.section.dataset.from = result.value.from;
    c.section.dataset.to = result.value.to;
    c.body.querySelectorAll('details').forEach((d, i) => { d.open = Boolean(wasOpen[i]); });
}

// ---- the four charts: each fills body and says whether it drew ('ready') or had nothing to draw ('empty') ----

function drawCoverage(body, data, span) {
    const points = data.points;
    if (points.length === 0) {
        return empty(body, 'the server samples the coverage once an hour, the first time 30 s after it starts.');
    }
    if (points.every(p => p.subnets === 0)) {
        return empty(body, `the agent list had no subnet in any of these ${number(points.length)} hourly samples.`);
    }
    const to = Date.parse(data.to);
    // the axis starts where the history does (at its first sample's local midnight) when that is within the span
    const firstDay = new Date(Date.parse(points[0].hour));
    firstDay.setHours(0, 0, 0, 0);
    const from = Math.max(Date.parse(data.from), firstDay.getTime());
    const last = points[points.length - 1];
    const { root, plot } = chart.frame({ width: 640, height: 260, margin: { top: 10, right: 14, bottom: 42, left: 50 },
        title: `Coverage of the estate, hourly, over the last ${span} days`,
        description: `${number(points.length)} hourly samples. The latest, ${hourFormat.format(new Date(last.hour))}: ${number(last.subnets)} subnets, `
            + COVERAGE.map(s => `${number(last[s.key])} ${s.label.toLowerCase()}`).join(', ') + '.' });
    const ticks = chart.countTicks(Math.max(...points.map(p => p.subnets)));
    const y = chart.linear([0, ticks[ticks.length - 1]], [plot.bottom, plot.top]);
    const x = chart.linear([from, to], [plot.left, plot.right]);
    chart.yAxis(root, plot, ticks, y, 'Subnets');
    const short = to - from <= 2 * DAY;
    chart.xAxis(root, plot, timeTicks(from, to).map(t => ({ x: x(t), label: (short ? hourTick : dayFormat).format(new Date(t)) })),
        short ? 'Hour (your time zone)' : 'Day (your time zone)');
    const hourWidth = Math.max(x(from + HOUR) - x(from), 3);
    chart.stackedBars(root, points.filter(p => Date.parse(p.hour) >= from).map(p => ({
        x: Math.min(x(Date.parse(p.hour)), plot.right - hourWidth), width: hourWidth, values: p, title: hourFormat.format(new Date(p.hour)) })),
    COVERAGE, y);
    add(body, h('figure', { class: 'chart' }, root),
        chart.legend(COVERAGE.map(s => ({ ...s, label: `${s.label}: ${number(last[s.key])}` }))),
        h('p', { class: 'muted small', id: 'coverage-latest' }, `The latest sample, ${hourFormat.format(new Date(last.hour))}: ${number(last.subnets)} subnets, `
            + `${number(last.agents)} agents.`, from > Date.parse(data.from) ? ' No sample before the day the axis starts.' : ''),
        chart.dataTable({ summary: 'Show the samples as a table', caption: 'Coverage of the estate, hourly samples',
            columns: ['Hour', 'Subnets', ...COVERAGE.map(s => s.label), 'Agents'],
            rows: points.map(p => {
                const values = [p.hour, p.subnets, ...COVERAGE.map(s => p[s.key]), p.agents];
                return { key: p.hour, values, cells: [time(p.hour), ...values.slice(1).map(number)] };
            }) }));
    return 'ready';
}

/** Ticks from from to to (ms), at most about 8: local midnights a few days apart, or whole hours for 2 days or less. */
function timeTicks(from, to) {
    const ticks = [];
    if (to - from <= 2 * DAY) {
        const step = Math.max(1, Math.ceil((to - from) / HOUR / 8));
        for (let t = Math.ceil(from / HOUR) * HOUR; t <= to; t += HOUR) {
            if (new Date(t).getHours() % step === 0) {
                ticks.push(t);
            }
        }
        return ticks;
    }
    const step = dayStep(Math.round((to - from) / DAY));
    const d = new Date(from);
    d.setHours(0, 0, 0, 0);
    for (; d.getTime() <= to; d.setDate(d.getDate() + 1)) {
        if (d.getTime() >= from && Math.round((to - d.getTime()) / DAY) % step === 0) {
            ticks.push(d.getTime());
        }
    }
    return ticks;
}

/** The days from from to to (ISO dates, UTC), both included. */
function daysOf(from, to) {
    const list = [];
    for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += DAY) {
        list.push(new Date(d).toISOString().slice(0, 10));
    }
    return list;
}

function drawOutcomes(body, data, span) {
    if (data.items.length === 0) {
        return empty(body, 'no wake job finished in these days.');
    }
    const perDay = new Map();
    const failedBy = new Map();
    for (const item of data.items) {
        const day = perDay.get(item.day) || {};
        day[item.outcome] = (day[item.outcome] || 0) + item.targets;
        perDay.set(item.day, day);
        if (item.outcome === 'failed') {
            failedBy.set(item.reason, (failedBy.get(item.reason) || 0) + item.targets);
        }
    }
    const total = day => OUTCOMES.reduce((sum, s) => sum + (day[s.key] || 0), 0);
    const allDays = daysOf(data.from, data.to);
    const sums = Object.fromEntries(OUTCOMES.map(s => [s.key, [...perDay.values()].reduce((n, d) => n + (d[s.key] || 0), 0)]));
    const { root, plot } = chart.frame({ width: 640, height: 260, margin: { top: 10, right: 14, bottom: 42, left: 50 },
        title: `Wake outcomes per day over the last ${span} days`,
        description: `Targets of ${number(perDay.size)} days with jobs: ` + OUTCOMES.map(s => `${number(sums[s.key])} ${s.label.toLowerCase()}`).join(', ') + '.' });
    const ticks = chart.countTicks(Math.max(...[...perDay.values()].map(total)));
    const y = chart.linear([0, ticks[ticks.length - 1]], [plot.bottom, plot.top]);
    chart.yAxis(root, plot, ticks, y, 'Targets');
    const band = (plot.right - plot.left) / allDays.length;
    const step = dayStep(span);
    chart.xAxis(root, plot, allDays.map((day, i) => ({ i, day })).filter(d => (allDays.length - 1 - d.i) % step === 0)
        .map(d => ({ x: plot.left + band * (d.i + 0.5), label: utcDayFormat.format(new Date(`${d.day}T00:00:00Z`)) })), 'Day (UTC)');
    chart.stackedBars(root, allDays.filter(day => perDay.has(day)).map(day => ({
        x: plot.left + band * allDays.indexOf(day) + band * 0.12, width: Math.max(band * 0.76, 1), values: perDay.get(day),
        title: utcDayFormat.format(new Date(`${day}T00:00:00Z`)) })), OUTCOMES, y, 'separated');
    const reasons = [...failedBy.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    add(body, h('figure', { class: 'chart' }, root), chart.legend(OUTCOMES),
        h('h3', { id: 'failed-reasons-heading' }, 'Failed targets by reason'),
        reasons.length === 0 ? h('p', { class: 'muted', id: 'failed-reasons-none' }, 'No target failed in these days.')
            : h('div', { class: 'table-wrap narrow' }, h('table', { class: 'data compact', id: 'failed-reasons', 'aria-labelledby': 'failed-reasons-heading' },
                h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col', class: 'num' }, 'Targets'))),
                h('tbody', {}, reasons.map(([reason, n]) => h('tr', { 'data-key': reason },
                    h('th', { scope: 'row', 'data-value': reason }, reason), h('td', { class: 'num', 'data-value': String(n) }, number(n))))))),
        chart.dataTable({ summary: 'Show the days as a table', caption: 'Wake outcomes per day',
            columns: ['Day (UTC)', ...OUTCOMES.map(s => s.label), 'Total'],
            rows: allDays.filter(day => perDay.has(day)).map(day => {
                const values = [day, ...OUTCOMES.map(s => perDay.get(day)[s.key] || 0), total(perDay.get(day))];
                return { key: day, values, cells: [day, ...values.slice(1).map(number)] };
            }) }));
    return 'ready';
}

function drawLatency(body, data, span) {
    if (data.items.length === 0) {
        return empty(body, 'no target was sent in these days.');
    }
    const counts = Object.fromEntries(KINDS.map(k => [k.key, BUCKETS.map(() => 0)]));
    for (const item of data.items) {
        const i = BUCKETS.indexOf(item.upToSeconds === undefined ? null : item.upToSeconds);
        if (counts[item.kind] && i >= 0) {
            counts[item.kind][i] += item.targets;
        }
    }
    const ticks = chart.countTicks(Math.max(...KINDS.flatMap(k => counts[k.key])));
    for (const kind of KINDS) {
        const n = counts[kind.key];
        const sum = n.reduce((a, b) => a + b, 0);
        add(body, h('h3', {}, `${kind.label} `, h('span', { class: 'muted small' }, `(${kind.what})`)));
        if (sum === 0) {
            add(body, h('p', { class: 'chart-empty', 'data-kind': kind.key }, h('strong', {}, 'No data yet'),
                kind.key === 'awake' ? ': no job that verifies its targets had one answer in these days.' : ': no target was sent in these days.'));
            continue;
        }
        const { root, plot } = chart.frame({ width: 640, height: 170, margin: { top: 8, right: 14, bottom: 40, left: 50 },
            id: `latency-${kind.key}`,
            title: `${kind.label} over the last ${span} days: targets by time taken`,
            description: `${number(sum)} targets: ` + BUCKETS.map((b, i) => `${number(n[i])} ${bucketLabel(b)}`).join(', ') + '.' });
        const y = chart.linear([0, ticks[ticks.length - 1]], [plot.bottom, plot.top]);
        chart.yAxis(root, plot, ticks, y, 'Targets');
        const band = (plot.right - plot.left) / BUCKETS.length;
        chart.xAxis(root, plot, BUCKETS.map((b, i) => ({ x: plot.left + band * (i + 0.5), label: bucketLabel(b) })), 'Time taken');
        chart.stackedBars(root, BUCKETS.map((b, i) => ({ x: plot.left + band * i + band * 0.15, width: band * 0.7,
            values: { [kind.key]: n[i] }, title: bucketLabel(b) })), [kind], y);
        add(body, h('figure', { class: 'chart' }, root));
    }
    add(body, chart.dataTable({ summary: 'Show the times as a table', caption: 'Targets by time from due to sent and to awake',
        columns: ['Time taken', ...KINDS.map(k => k.label)],
        rows: BUCKETS.map((b, i) => {
            const values = [b === null ? 'slower' : b, ...KINDS.map(k => counts[k.key][i])];
            return { key: String(values[0]), values, cells: [bucketLabel(b), ...values.slice(1).map(number)] };
        }) }));
    return 'ready';
}

function drawFailing(body, data, span) {
    const items = data.items;
    if (items.length === 0) {
        return empty(body, 'no target failed in these days.');
    }
    const row = 28;
    const { root, plot } = chart.frame({ width: 640, height: items.length * row + 50, margin: { top: 6, right: 48, bottom: 44, left: 130 },
        title: `The subnets with the most failed targets over the last ${span} days`,
        description: items.map(i => `${i.subnet}: ${number(i.failed)}`).join(', ') + '.' });
    const ticks = chart.countTicks(Math.max(...items.map(i => i.failed)));
    const x = chart.linear([0, ticks[ticks.length - 1]], [plot.left, plot.right]);
    const grid = chart.svg('g', { class: 'axis' });
    for (const t of ticks) {
        grid.append(chart.svg('line', { class: 'grid', x1: x(t), x2: x(t), y1: plot.top, y2: plot.bottom }));
    }
    root.append(grid);
    chart.xAxis(root, plot, ticks.map(t => ({ x: x(t), label: number(t) })), 'Failed targets');
    chart.horizontalBars(root, plot, items.map(i => ({ label: i.subnet, value: i.failed, title: `${i.subnet}: ${number(i.failed)} failed` })),
        x, 'failed');
    add(body, h('figure', { class: 'chart' }, root),
        chart.dataTable({ summary: 'Show the subnets as a table', caption: 'Failed targets per subnet',
            columns: ['Subnet', 'Failed targets'],
            rows: items.map(i => ({ key: i.subnet, values: [i.subnet, i.failed], cells: [i.subnet, number(i.failed)] })) }));
    return 'ready';
}

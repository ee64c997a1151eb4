// Agent State Manager: last and next poll, what the last poll did, the poll history, and "poll now".
import { api } from '../api.js';
import { add, announce, clear, dialog, h, number, pager, problemBox, time } from '../ui.js';

const COUNTS = [
    ['new', 'New', 'inventory subnets inside the boundaries added to the agent list'],
    ['stale', 'Stale', 'subnets without agent contact for longer than staleAfterMinutes'],
    ['deleted', 'Deleted', 'subnets unreachable for longer than deleteUnreachableAfterDays'],
    ['queued', 'Queued', 'new or stale subnets queued for discovery (at most maxSubnetsPerPoll)'],
    ['remaining', 'Remaining', 'left for the next poll'],
    ['outOfBounds', 'Outside the boundaries', 'inventory subnets no boundary covers'],
];

export async function render(root, ctx) {
    const status = h('div', { id: 'manager-status' });
    const counts = h('dl', { class: 'count-cards', id: 'last-poll-counts' });
    const message = h('div', { class: 'messages', id: 'manager-message' });
    const historyBody = h('tbody');
    const historyPaging = h('div');
    let offset = 0;
    const pollNow = ctx.can('admin')
        ? h('button', { type: 'button', class: 'primary', id: 'poll-now', onclick: poll }, 'Poll now') : null;

    add(root, h('section', { class: 'view' },
        h('h1', {}, 'Agent State Manager'),
        h('p', { class: 'lead' }, 'Keeps the agent list healthy: adds inventory subnets inside the boundaries (proactive strategy), marks stale ones, deletes long unreachable ones and queues discoveries.'),
        status, pollNow, message,
        h('h2', {}, 'What the last poll did'), counts,
        h('h2', { id: 'history-heading' }, 'Poll history (all servers)'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'poll-history', 'aria-labelledby': 'history-heading' },
            h('thead', {}, h('tr', {}, ['Poll', 'Server', 'Trigger', 'Started', 'Took', 'New', 'Stale', 'Deleted', 'Queued', 'Remaining', 'Outside', 'Queued subnets']
                .map(t => h('th', { scope: 'col' }, t)))), historyBody)),
        historyPaging));

    function renderStatus(m) {
        add(clear(status), h('dl', { class: 'facts' },
            h('dt', {}, 'State'), h('dd', { id: 'manager-enabled' }, m.enabled ? `enabled, every ${m.intervalMinutes} minute(s)` : 'disabled (agentStateManagerEnabled = false)'),
            h('dt', {}, 'Discovery strategy'), h('dd', {}, m.strategy),
            h('dt', {}, 'Last poll'), h('dd', { id: 'last-poll' }, m.lastPollStartedAt
                ? [time(m.lastPollStartedAt), ` (${m.lastTrigger} on ${m.lastServer}; finished `, time(m.lastPollFinishedAt), ')'] : 'none yet'),
            h('dt', {}, 'Next poll'), h('dd', { id: 'next-poll' }, m.enabled ? time(m.nextPollAt, 'not scheduled') : 'none: the manager is disabled'),
            h('dt', {}, 'Polls so far'), h('dd', { id: 'poll-count' }, number(m.polls))));
        clear(counts);
        for (const [key, label, meaning] of COUNTS) {
            add(counts, h('div', { class: 'count-card', 'data-count': key },
                h('dt', {}, label), h('dd', {}, h('span', { class: 'count-number' }, number(m.lastPoll[key])), h('span', { class: 'muted small' }, meaning))));
        }
    }

    async function load() {
        const [m, history] = await Promise.all([api.get('agent-state-manager'), api.get(`agent-state-manager/polls?offset=${offset}&limit=20`)]);
        if (!ctx.alive()) return;
        renderStatus(m);
        clear(historyBody);
        for (const p of history.items) {
            const took = new Date(p.finishedAt) - new Date(p.startedAt);
            add(historyBody, h('tr', { 'data-poll': p.poll },
                h('th', { scope: 'row' }, String(p.poll)), h('td', {}, p.server), h('td', {}, p.trigger), h('td', {}, time(p.startedAt)),
                h('td', { class: 'num' }, `${took} ms`),
                ...['new', 'stale', 'deleted', 'queued', 'remaining', 'outOfBounds'].map(k => h('td', { class: 'num' }, String(p[k]))),
                h('td', { class: 'small' }, p.queuedSubnets.slice(0, 5).join(', ') + (p.queued > 5 ? `, … (${p.queued})` : ''))));
        }
        if (history.total === 0) {
            add(historyBody, h('tr', {}, h('td', { colspan: 12, class: 'muted' }, 'No poll has run yet.')));
        }
        add(clear(historyPaging), pager(history, o => { offset = o; refresher.now(); }, 'polls'));
    }

    async function poll() {
        const result = await dialog({
            title: 'Run a poll now?',
            content: h('p', {}, 'The poll adds, marks stale, deletes and queues subnets exactly as a timer poll does.'),
            confirmLabel: 'Poll now',
            action: () => api.post('agent-state-manager/poll'),
        });
        if (result) {
            const c = result.data.lastPoll;
            add(clear(message), h('p', { class: 'note', role: 'status' },
                `Poll done: ${c.new} new, ${c.stale} stale, ${c.deleted} deleted, ${c.queued} queued, ${c.remaining} left for the next poll.`));
            announce('Poll done');
            refresher.now();
        }
    }

    const refresher = ctx.poll(async () => {
        try {
            await load();
        } catch (error) {
            if (ctx.alive()) add(clear(message), problemBox(error));
        }
        return 5000;
    }, 5000);
}

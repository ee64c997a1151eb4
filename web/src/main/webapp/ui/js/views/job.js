// One wake job: a progress bar per target state, the targets with their reasons, and cancel.
import { api } from '../api.js';
import { add, announce, clear, dialog, h, number, pager, problemBox, time } from '../ui.js';

const STATES = ['queued', 'dispatched', 'sent', 'awake', 'failed', 'skipped'];
const LABELS = { queued: 'Queued', dispatched: 'Dispatched', sent: 'Sent', awake: 'Awake', failed: 'Failed', skipped: 'Skipped' };

export async function render(root, ctx) {
    const id = ctx.params[0];
    const heading = h('h1', {}, `Wake job ${id}`);
    const facts = h('dl', { class: 'facts' });
    const bars = h('div', { class: 'bars', id: 'job-progress' });
    const overall = h('p', { class: 'summary', id: 'job-overall' });
    const message = h('div', { class: 'messages' });
    const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel-job', hidden: true, onclick: cancelJob }, 'Cancel job');
    const stateFilter = h('select', { id: 'targets-state' }, h('option', { value: '' }, 'All'), STATES.map(s => h('option', { value: s }, s)));
    const targetsBody = h('tbody');
    const targetsPaging = h('div');
    let offset = 0;
    let lastState = null;

    for (const state of STATES) {
        add(bars, h('div', { class: `bar-row state-${state}`, 'data-state': state },
            h('span', { class: 'bar-label', id: `bar-label-${state}` }, LABELS[state]),
            h('progress', { max: 1, value: 0, 'aria-labelledby': `bar-label-${state}`, 'aria-describedby': `bar-value-${state}` }),
            h('span', { class: 'bar-value', id: `bar-value-${state}` }, '…')));
    }
    stateFilter.addEventListener('change', () => { offset = 0; refresher.now(); });

    add(root, h('section', { class: 'view' },
        h('p', {}, h('a', { href: '#/wake' }, '← Wake')),
        heading, facts, message,
        h('h2', {}, 'Progress'), overall, bars, cancel,
        h('h2', { id: 'targets-heading' }, 'Targets'),
        h('div', { class: 'toolbar' }, h('label', { for: 'targets-state' }, 'State'), stateFilter),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'targets-table', 'aria-labelledby': 'targets-heading' },
            h('thead', {}, h('tr', {}, ['Requested as', 'Machine', 'MAC', 'IP', 'Subnet', 'State', 'Reason', 'Attempts', 'Sent by', 'Sent at', 'Paths']
                .map(t => h('th', { scope: 'col' }, t)))), targetsBody)),
        targetsPaging));

    function renderJob(job) {
        add(clear(facts), 
            h('dt', {}, 'State'), h('dd', { id: 'job-state' }, h('span', { class: `badge job-${job.state}` }, job.state)),
            h('dt', {}, 'Requested by'), h('dd', {}, `${job.requestedBy || '—'} (${job.source})`),
            h('dt', {}, 'Created'), h('dd', {}, time(job.createdAt)),
            h('dt', {}, 'Finished'), h('dd', {}, time(job.finishedAt, 'not yet')),
            h('dt', {}, 'Requested'), h('dd', {}, (job.items.map(i => `${i.kind} ${i.value}`).join(', ') || '—')
                + (job.itemsTotal > job.items.length ? ` … and ${job.itemsTotal - job.items.length} more` : '')),
            h('dt', {}, 'Verification'), h('dd', {}, job.verify ? 'on' : 'off'),
            job.notBefore ? [h('dt', {}, 'Not before'), h('dd', {}, time(job.notBefore))] : null,
            job.cancelledBy ? [h('dt', {}, 'Cancelled by'), h('dd', {}, job.cancelledBy)] : null);
        const total = job.total;
        for (const state of STATES) {
            const n = job.counts[state];
            const pct = total === 0 ? 0 : Math.floor((n * 100) / total);
            const rowEl = bars.querySelector(`[data-state="${state}"]`);
            const bar = rowEl.querySelector('progress');
            bar.max = Math.max(total, 1);
            bar.value = n;
            rowEl.querySelector('.bar-value').textContent = `${number(n)} of ${number(total)} · ${pct} %`;
        }
        const final = job.counts.sent + job.counts.awake + job.counts.failed + job.counts.skipped;
        overall.textContent = `${number(final)} of ${number(total)} target(s) final` +
            (job.counts.notConfirmed ? `; ${job.counts.notConfirmed} sent but not confirmed awake` : '') + '.';
        cancel.hidden = job.state !== 'running';
        if (lastState && lastState !== job.state) {
            announce(`Wake job ${job.id} is ${job.state}`);
        }
        lastState = job.state;
    }

    async function loadTargets() {
        const state = stateFilter.value;
        const page = await api.get(`jobs/${id}/targets?offset=${offset}&limit=100${state ? `&state=${state}` : ''}`);
        clear(targetsBody);
        for (const t of page.items) {
            add(targetsBody, h('tr', { 'data-target': t.id, 'data-state': t.state },
                h('td', {}, t.requestedAs), h('td', {}, t.machineName || '—'), h('td', {}, t.mac ? h('code', {}, t.mac) : '—'),
                h('td', {}, t.ip || '—'), h('td', {}, t.subnet || '—'), h('td', {}, h('span', { class: `badge target-${t.state}` }, t.state)),
                h('td', { class: 'reason' }, t.reason || t.lastError || ''), h('td', { class: 'num' }, String(t.attempts)),
                h('td', {}, t.sentBy || '—'), h('td', {}, time(t.sentAt)), pathsCell(t)));
        }
        if (page.total === 0) {
            add(targetsBody, h('tr', {}, h('td', { colspan: 11, class: 'muted' }, 'No target in this state.')));
        }
        add(clear(targetsPaging), pager(page, o => { offset = o; refresher.now(); }, 'targets'));
    }

    const PATH_LABELS = { subnet: 'own subnet', paired: 'paired', server: 'own subnet, by the server', 'server-paired': 'paired, by the server',
        link: 'IPv6 link, all nodes' };

    /**
     * Where the target's packets went: its subnet's broadcast, each paired broadcast and its IPv6 link's all-nodes
     * multicast (ff02::1), a path not taken with why.
     */
    function pathsCell(t) {
        if (!t.paths) {
            return h('td', { class: 'muted' }, '—');
        }
        return h('td', { 'data-col': 'paths' }, h('ul', { class: 'plain' }, t.paths.map(p => h('li', { 'data-path': p.kind, 'data-sent': String(p.sent) },
            h('code', {}, p.address), ` ${PATH_LABELS[p.kind] || p.kind}`,
            p.sent ? '' : h('span', { class: 'why' }, ` — not sent: ${p.notSent}`)))));
    }

    async function cancelJob() {
        const result = await dialog({
            title: `Cancel wake job ${id}?`,
            content: h('p', {}, 'Targets still queued are skipped; what is already with an agent finishes.'),
            confirmLabel: 'Cancel job', danger: true,
            action: () => api.del(`jobs/${id}`),
        });
        if (result) {
            add(clear(message), h('p', { class: 'note', role: 'status' }, `Wake job ${id} cancelled.`));
            refresher.now();
        }
    }

    const refresher = ctx.poll(async () => {
        try {
            const job = await api.get(`jobs/${id}`);
            if (!ctx.alive()) return 0;
            renderJob(job);
            await loadTargets();
            return job.state === 'running' ? 1500 : 10000;
        } catch (error) {
            if (ctx.alive()) add(clear(message), problemBox(error));
            return 10000;
        }
    }, 1500);
}

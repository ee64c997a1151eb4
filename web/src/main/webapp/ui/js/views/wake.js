// Wake: start a wake job by machine names, collections or MACs, and the list of jobs.
import { api } from '../api.js';
import { add, announce, clear, field, h, items, pager, problemBox, showFieldErrors, time } from '../ui.js';

const FIELDS = ['names', 'collections', 'macs'];

export function progressText(job) {
    const final = job.counts.sent + job.counts.awake + job.counts.failed + job.counts.skipped;
    return `${final} of ${job.total} final`;
}

export async function render(root, ctx) {
    const areas = {
        names: h('textarea', { rows: 4, placeholder: 'PC-1042\nPC-1043' }),
        collections: h('textarea', { rows: 2, placeholder: 'Lab 3' }),
        macs: h('textarea', { rows: 3, placeholder: 'aa:bb:cc:dd:ee:01' }),
    };
    const verify = h('input', { type: 'checkbox', id: 'wake-verify' });
    const formMessage = h('div', { id: 'wake-message' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'wake-submit' }, 'Wake');
    const form = h('form', { id: 'wake-form', class: 'wake-form', novalidate: true },
        h('fieldset', {}, h('legend', {}, 'Targets (one per line or separated by commas)'),
            h('div', { class: 'columns' },
                field({ name: 'names', label: 'Machine names', control: areas.names, hint: 'Case-insensitive; every machine with the name.' }),
                field({ name: 'collections', label: 'Collections', control: areas.collections }),
                field({ name: 'macs', label: 'MAC addresses', control: areas.macs, hint: 'aa:bb:cc:dd:ee:ff, AA-BB-…, aabb.ccdd.eeff' }))),
        h('div', { class: 'check' }, verify, h('label', { for: 'wake-verify' }, 'Verify that each machine wakes up (and re-send when it does not)')),
        formMessage, submit);
    const jobsBody = h('tbody');
    const jobsPaging = h('div');
    let jobsOffset = 0;

    add(root, h('section', { class: 'view' },
        h('h1', {}, 'Wake'),
        h('p', { class: 'lead' }, 'Each target is handed to the Primary (else the Alternate) agent of its subnet, which broadcasts the magic packet there.'),
        form,
        h('h2', { id: 'jobs-heading' }, 'Wake jobs'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'jobs-table', 'aria-labelledby': 'jobs-heading' },
            h('thead', {}, h('tr', {}, ['Job', 'State', 'Requested by', 'Created', 'Progress', 'Sent', 'Awake', 'Failed', 'Skipped']
                .map(t => h('th', { scope: 'col' }, t)))), jobsBody)),
        jobsPaging));

    form.addEventListener('submit', async e => {
        e.preventDefault();
        clear(formMessage);
        const body = {};
        const lists = {};
        for (const name of FIELDS) {
            lists[name] = items(areas[name].value);
            if (lists[name].length) body[name] = lists[name];
        }
        if (verify.checked) body.verify = true;
        submit.disabled = true;
        try {
            const reply = await api.post('wake', body);
            showFieldErrors(form, null, () => null);
            announce(`Wake job ${reply.data.jobId} started`);
            ctx.navigate(`#/jobs/${reply.data.jobId}`);
        } catch (error) {
            if (!error.problem) throw error;
            // "macs[2]" → the MACs field, naming the item the message is about.
            const rest = showFieldErrors(form, {
                errors: error.errors.map(v => {
                    const m = /^(names|collections|macs)\[(\d+)\]$/.exec(v.field);
                    return m ? { field: m[1], message: `“${lists[m[1]][Number(m[2])]}”: ${v.message}` } : v;
                }),
            }, f => (FIELDS.includes(f) ? f : null));
            add(formMessage, problemBox({ status: error.status, problem: error.problem, errors: rest }));
        } finally {
            submit.disabled = false;
        }
    });

    const jobs = ctx.poll(async () => {
        const page = await api.get(`jobs?offset=${jobsOffset}&limit=20`);
        if (!ctx.alive()) return 0;
        clear(jobsBody);
        for (const job of page.items) {
            const sentOrAwake = job.counts.sent + job.counts.awake;
            add(jobsBody, h('tr', { 'data-job': job.id },
                h('th', { scope: 'row' }, h('a', { href: `#/jobs/${job.id}` }, `Job ${job.id}`)),
                h('td', {}, h('span', { class: `badge job-${job.state}` }, job.state)),
                h('td', {}, job.requestedBy || '—', h('span', { class: 'muted small' }, ` (${job.source})`)),
                h('td', {}, time(job.createdAt)),
                h('td', {}, h('progress', { max: Math.max(job.total, 1), value: sentOrAwake, 'aria-label': `Job ${job.id}: ${sentOrAwake} of ${job.total} sent` }),
                    ' ', progressText(job)),
                ...['sent', 'awake', 'failed', 'skipped'].map(s => h('td', { class: 'num' }, String(job.counts[s])))));
        }
        if (page.total === 0) {
            add(jobsBody, h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No wake job yet.')));
        }
        add(clear(jobsPaging), pager(page, offset => { jobsOffset = offset; jobs.now(); }, 'jobs'));
        return page.items.some(j => j.state === 'running') ? 2000 : 5000;
    }, 3000);
}

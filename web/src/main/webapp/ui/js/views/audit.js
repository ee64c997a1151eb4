// Audit: who changed what, when and from where (GET /api/audit), filtered by time, user and kind, newest first;
// "Export CSV" downloads every match (GET /api/audit/export). Administrators only, as the API.
import { api } from '../api.js';
import { add, announce, clear, download, field, h, pager, problemBox, time } from '../ui.js';

const KINDS = ['wake-requested', 'wake-cancelled', 'settings-changed', 'inventory-changed', 'boundary-added', 'boundary-removed',
    'subnet-added', 'subnet-removed', 'subnet-rescan-requested', 'subnet-pairs-changed', 'subnet-pairs-imported', 'subnet-policy-changed', 'collection-put', 'collection-deleted', 'agent-deregistered',
    'sign-in-locked-out', 'enrollment-token-created', 'enrollment-token-revoked', 'agent-enrolled', 'agent-revoked',
    'server-key-rotated', 'schedule-created', 'schedule-changed', 'schedule-deleted', 'schedule-paused', 'schedule-resumed',
    'schedule-run', 'window-created', 'window-changed', 'window-deleted', 'audit-purged'];

/** A datetime-local value (the browser's local time) as an ISO instant, or '' when empty. */
function instant(value) {
    return value ? new Date(value).toISOString() : '';
}

export async function render(root, ctx) {
    const from = h('input', { type: 'datetime-local', step: 1 });
    const to = h('input', { type: 'datetime-local', step: 1 });
    const user = h('input', { type: 'text', autocomplete: 'off', maxlength: 128, size: 16 });
    const kind = h('select', {}, h('option', { value: '' }, 'any'), KINDS.map(k => h('option', { value: k }, k)));
    const message = h('div', { class: 'messages', id: 'audit-message' });
    const body = h('tbody');
    const paging = h('div');
    let offset = 0;
    const form = h('form', { id: 'audit-filter', class: 'toolbar', novalidate: true,
        onsubmit: e => { e.preventDefault(); offset = 0; load(); } },
        field({ name: 'from', label: 'From', control: from }),
        field({ name: 'to', label: 'To', control: to }),
        field({ name: 'user', label: 'User', control: user }),
        field({ name: 'kind', label: 'Kind', control: kind }),
        h('div', { class: 'toolbar-buttons' },
            h('button', { type: 'submit', class: 'primary', id: 'audit-apply' }, 'Show'),
            h('button', { type: 'button', class: 'secondary', id: 'audit-export', onclick: exportCsv }, 'Export CSV')));

    add(root, h('section', { class: 'view' },
        h('h1', {}, 'Audit'),
        h('p', { class: 'lead' }, 'Every wake request, settings change, inventory, boundary, subnet and collection change, de-registration, sign-in lock-out, enrollment token, agent enrollment and revocation and server key rotation, with who made it and from where. Entries are never changed; the retention (auditRetentionDays) removes the oldest.'),
        form, message,
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'audit-table', 'aria-label': 'Audit entries' },
            h('thead', {}, h('tr', {}, ['When', 'User', 'Channel', 'From', 'Kind', 'Subject', 'Detail', 'Server']
                .map(t => h('th', { scope: 'col' }, t)))), body)),
        paging));

    function query() {
        const q = new URLSearchParams();
        if (from.value) q.set('from', instant(from.value));
        if (to.value) q.set('to', instant(to.value));
        if (user.value.trim()) q.set('user', user.value.trim());
        if (kind.value) q.set('kind', kind.value);
        return q;
    }

    async function load() {
        clear(message);
        const q = query();
        q.set('offset', offset);
        q.set('limit', 50);
        let page;
        try {
            page = await api.get(`audit?${q}`);
        } catch (error) {
            if (ctx.alive()) add(message, problemBox(error));
            return;
        }
        if (!ctx.alive()) return;
        clear(body);
        for (const e of page.items) {
            add(body, h('tr', { 'data-audit': e.id, 'data-kind': e.kind },
                h('td', {}, time(e.at)), h('td', {}, e.user), h('td', {}, e.channel), h('td', {}, e.address || '—'),
                h('td', {}, e.kind), h('td', {}, e.subject || ''),
                h('td', { class: 'small detail' }, h('code', {}, JSON.stringify(e.detail))), h('td', { class: 'small' }, e.node)));
        }
        if (page.total === 0) {
            add(body, h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No audit entry matches.')));
        }
        add(clear(paging), pager(page, o => { offset = o; load(); }, 'entries'));
    }

    async function exportCsv() {
        clear(message);
        try {
            const csv = await api.text(`audit/export?${query()}`, 'text/csv');
            download('reveille-audit.csv', csv);
            announce('Audit exported');
        } catch (error) {
            add(message, problemBox(error));
        }
    }

    load();
}

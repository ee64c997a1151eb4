// Boundaries: what this server is responsible for, merged ranges, overlaps and split subnets; admins add and remove.
import { api } from '../api.js';
import { add, announce, clear, dialog, field, h, problemBox, showFieldErrors, time } from '../ui.js';

const KIND_TITLES = { subnet: 'an IPv4 subnet', range: 'an IPv4 address range', prefix6: 'an IPv6 prefix' };

export async function render(root, ctx) {
    const admin = ctx.can('admin');
    const message = h('div', { class: 'messages', id: 'boundaries-message' });
    const body = h('tbody');
    const merged = h('ul', { id: 'merged', class: 'inline-list' });
    const overlaps = h('div', { id: 'overlaps' });
    const split = h('div', { id: 'split-subnets' });

    add(root, h('section', { class: 'view' },
        h('h1', {}, 'Boundaries'),
        h('p', { class: 'lead' }, 'A subnet (CIDR), an IPv6 prefix or an address range this server looks after. Boundaries from every source are merged; a target outside all of them is skipped.'),
        admin ? addForm() : h('p', { class: 'muted' }, 'Only administrators add or remove boundaries.'),
        message, overlaps,
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'boundaries-table' },
            h('caption', { class: 'visually-hidden' }, 'Boundaries'),
            h('thead', {}, h('tr', {}, ['Boundary', 'Kind', 'Source', 'Description', 'Added', admin ? 'Actions' : null]
                .filter(Boolean).map(t => h('th', { scope: 'col' }, t)))), body)),
        h('h2', {}, 'Merged ranges'), merged,
        h('h2', {}, 'Subnets split by a boundary'), split));

    function addForm() {
        const kind = h('select', {}, h('option', { value: 'subnet' }, 'Subnet (CIDR) or IPv6 prefix'), h('option', { value: 'range' }, 'Address range'));
        const value = h('input', { type: 'text', placeholder: '10.1.0.0/16, 2001:db8:5::/48 or 10.2.0.1-10.2.0.200', autocomplete: 'off', size: 46 });
        const source = h('input', { type: 'text', value: 'console', autocomplete: 'off' });
        const description = h('input', { type: 'text', autocomplete: 'off' });
        const formMessage = h('div');
        const form = h('form', { id: 'boundary-form', class: 'toolbar', novalidate: true, 'aria-label': 'Add a boundary' },
            field({ name: 'kind', label: 'Kind', control: kind }),
            field({ name: 'value', label: 'Subnet, IPv6 prefix or range', control: value,
                hint: 'An IPv6 prefix (kind “Subnet”) covers machines known by their IPv6 address only.' }),
            field({ name: 'source', label: 'Source', control: source }),
            field({ name: 'description', label: 'Description', control: description }),
            h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'primary', id: 'add-boundary' }, 'Add boundary')),
            formMessage);
        form.addEventListener('submit', async e => {
            e.preventDefault();
            clear(formMessage);
            const boundary = { [kind.value]: value.value.trim(), source: source.value.trim() };
            if (description.value.trim()) boundary.description = description.value.trim();
            try {
                await api.post('boundaries', boundary);
                showFieldErrors(form, null, () => null);
                announce('Boundary added');
                add(clear(message), h('p', { class: 'note', role: 'status' }, `Boundary ${boundary[kind.value]} added.`));
                value.value = '';
                description.value = '';
                await load();
            } catch (error) {
                if (!error.problem) throw error;
                const rest = showFieldErrors(form, error, f => (f === 'subnet' || f === 'range' ? 'value' : ['source', 'description'].includes(f) ? f : null));
                add(formMessage, problemBox({ status: error.status, problem: error.problem, errors: rest }));
            }
        });
        return form;
    }

    async function remove(b) {
        const label = b.subnet || b.range;
        const ok = await dialog({
            title: `Remove boundary ${label} (${b.source})?`,
            content: h('p', {}, 'Subnets only this boundary covered are no longer looked after: their targets are skipped.'),
            confirmLabel: 'Remove', danger: true,
            action: () => api.del(`boundaries/${b.id}`),
        });
        if (ok) {
            add(clear(message), h('p', { class: 'note', role: 'status' }, `Boundary ${label} removed.`));
            await load();
        }
    }

    async function load() {
        const data = await api.get('boundaries');
        if (!ctx.alive()) return;
        const byId = new Map(data.items.map(b => [b.id, b]));
        const overlapping = new Map();
        for (const o of data.overlaps) {
            [o.first, o.second].forEach(id => overlapping.set(id, [...(overlapping.get(id) || []), o.first === id ? o.second : o.first]));
        }
        clear(body);
        for (const b of data.items) {
            const others = overlapping.get(b.id) || [];
            add(body, h('tr', { 'data-boundary': b.subnet || b.range, 'data-id': b.id, class: others.length ? 'warn' : null },
                h('th', { scope: 'row' }, h('code', {}, b.subnet || b.range),
                    others.length ? h('div', { class: 'small warn-text' }, 'overlaps ', others.map(id => { const o = byId.get(id); return o ? (o.subnet || o.range) : id; }).join(', ')) : null),
                h('td', { 'data-col': 'kind', title: KIND_TITLES[b.kind] }, b.kind), h('td', {}, b.source), h('td', {}, b.description || ''),
                h('td', {}, time(b.createdAt), b.createdBy ? ` by ${b.createdBy}` : ''),
                admin ? h('td', {}, h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove boundary ${b.subnet || b.range}`, onclick: () => remove(b) }, 'Remove')) : null));
        }
        if (data.items.length === 0) {
            add(body, h('tr', {}, h('td', { colspan: admin ? 6 : 5 }, 'No boundary yet: Reveille looks after no subnet until one is defined.')));
        }
        add(clear(merged), ...(data.merged.length ? data.merged.map(r => h('li', {}, h('code', {}, r))) : [h('li', { class: 'muted' }, 'none')]));
        clear(overlaps);
        if (data.overlaps.length) {
            add(overlaps, h('div', { class: 'warning', role: 'note' }, h('strong', {}, `${data.overlaps.length} overlap(s): `),
                'a subnet should be served by one server only.', h('ul', {}, data.overlaps.map(o => h('li', {}, o.detail)))));
        }
        add(clear(split), data.splitSubnets.length
            ? h('ul', { class: 'inline-list' }, data.splitSubnets.map(s => h('li', {}, h('code', {}, s))))
            : h('p', { class: 'muted' }, 'None: no inventory subnet is only partly inside the boundaries.'));
    }

    try {
        await load();
    } catch (error) {
        add(clear(message), problemBox(error));
    }
}

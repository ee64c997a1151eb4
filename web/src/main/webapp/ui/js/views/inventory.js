// Inventory: machines by name (a trailing * matches a prefix), a machine's NICs, and the collections.
import { api } from '../api.js';
import { add, announce, clear, field, h, number, pager, problemBox, time } from '../ui.js';

const search = { name: '', offset: 0 };

export async function render(root, ctx) {
    const [kind, key] = ctx.params;
    if (kind === 'machines' && key) {
        return machine(root, ctx, key);
    }
    if (kind === 'collections' && key) {
        return collection(root, key);
    }
    const name = h('input', { type: 'search', value: search.name, placeholder: 'PC-10*', autocomplete: 'off' });
    const message = h('div', { class: 'messages' });
    const machinesBody = h('tbody');
    const machinesPaging = h('div');
    const collectionsBody = h('tbody');
    const collectionsPaging = h('div');
    let collectionsOffset = 0;
    const form = h('form', { class: 'toolbar', role: 'search', id: 'machine-search' },
        field({ name: 'name', label: 'Machine name', control: name, hint: 'Exact name, case-insensitive; end with * for a prefix; empty for every machine.' }),
        h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Search')));
    form.addEventListener('submit', e => { e.preventDefault(); search.name = name.value.trim(); search.offset = 0; machines(); });

    add(root, h('section', { class: 'view' },
        h('h1', {}, 'Inventory'),
        h('p', { class: 'lead' }, 'Machines and collections as inventory systems pushed them (PUT /api/inventory/machines, PUT /api/collections/{name}).'),
        h('h2', { id: 'machines-heading' }, 'Machines'), form, message,
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'machines-table', 'aria-labelledby': 'machines-heading' },
            h('thead', {}, h('tr', {}, ['Name', 'Resource id', 'Chassis', 'NICs (MAC, IP, subnet, IPv6)', 'Updated'].map(t => h('th', { scope: 'col' }, t)))),
            machinesBody)),
        machinesPaging,
        h('h2', { id: 'collections-heading' }, 'Collections'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'collections-table', 'aria-labelledby': 'collections-heading' },
            h('thead', {}, h('tr', {}, ['Collection', 'Members', 'Updated'].map(t => h('th', { scope: 'col' }, t)))), collectionsBody)),
        collectionsPaging));

    async function machines() {
        const params = new URLSearchParams({ offset: search.offset, limit: 50 });
        if (search.name) params.set('name', search.name);
        try {
            const page = await api.get(`machines?${params}`);
            clear(message);
            clear(machinesBody);
            for (const m of page.items) {
                add(machinesBody, h('tr', { 'data-machine': m.resourceId },
                    h('th', { scope: 'row' }, h('a', { href: `#/inventory/machines/${encodeURIComponent(m.resourceId)}` }, m.name)),
                    h('td', {}, m.resourceId), h('td', {}, m.chassis),
                    h('td', { class: 'small' }, m.nics.map(n => h('div', { 'data-mac': n.mac }, h('code', {}, n.mac), n.ip ? ` ${n.ip}` : '',
                        n.subnet ? ` (${n.subnet})` : '', n.ipv6 ? [' ', h('code', { 'data-ipv6': n.ipv6 }, n.ipv6)] : ''))),
                    h('td', {}, time(m.updatedAt))));
            }
            if (page.total === 0) {
                add(machinesBody, h('tr', {}, h('td', { colspan: 5, class: 'muted' },
                    search.name ? `No machine named “${search.name}”.` : 'The inventory is empty: no inventory system has pushed machines yet.')));
            }
            add(clear(machinesPaging), pager(page, o => { search.offset = o; machines(); }, 'machines'));
            announce(`${page.total} machine(s) found`);
        } catch (error) {
            add(clear(message), problemBox(error));
        }
    }

    async function collections() {
        try {
            const page = await api.get(`collections?offset=${collectionsOffset}&limit=50`);
            clear(collectionsBody);
            for (const c of page.items) {
                add(collectionsBody, h('tr', {},
                    h('th', { scope: 'row' }, h('a', { href: `#/inventory/collections/${encodeURIComponent(c.name)}` }, c.name)),
                    h('td', { class: 'num' }, number(c.size)), h('td', {}, time(c.updatedAt))));
            }
            if (page.total === 0) {
                add(collectionsBody, h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No collection yet.')));
            }
            add(clear(collectionsPaging), pager(page, o => { collectionsOffset = o; collections(); }, 'collections'));
        } catch (error) {
            add(clear(message), problemBox(error));
        }
    }

    await Promise.all([machines(), collections()]);
}

async function machine(root, ctx, resourceId) {
    const section = h('section', { class: 'view' }, h('p', {}, h('a', { href: '#/inventory' }, '← Inventory')));
    add(root, section);
    let m;
    try {
        m = await api.get(`machines/${encodeURIComponent(resourceId)}`);
    } catch (error) {
        add(section, h('h1', {}, `Machine ${resourceId}`), problemBox(error));
        return;
    }
    const message = h('div', { class: 'messages' });
    add(section, h('h1', {}, m.name),
        h('dl', { class: 'facts' },
            h('dt', {}, 'Resource id'), h('dd', {}, m.resourceId),
            h('dt', {}, 'Chassis'), h('dd', {}, m.chassis),
            h('dt', {}, 'Created'), h('dd', {}, time(m.createdAt)),
            h('dt', {}, 'Updated'), h('dd', {}, time(m.updatedAt))),
        h('h2', { id: 'nics-heading' }, 'Network interfaces'),
        h('table', { class: 'data', id: 'nics-table', 'aria-labelledby': 'nics-heading' },
            h('thead', {}, h('tr', {}, ['MAC', 'IP', 'Subnet', 'IPv6'].map(t => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, m.nics.map(n => h('tr', { 'data-mac': n.mac }, h('td', {}, h('code', {}, n.mac)), h('td', {}, n.ip || '—'),
                h('td', {}, n.subnet || '—'), h('td', { 'data-col': 'ipv6' }, n.ipv6 ? h('code', {}, n.ipv6) : '—'))))),
        h('p', {}, h('button', { type: 'button', class: 'primary', id: 'wake-machine', onclick: wake }, `Wake ${m.name}`)), message);

    async function wake() {
        try {
            const reply = await api.post('wake', { resourceIds: [m.resourceId] });
            announce(`Wake job ${reply.data.jobId} started`);
            ctx.navigate(`#/jobs/${reply.data.jobId}`);
        } catch (error) {
            add(clear(message), problemBox(error));
        }
    }
}

async function collection(root, name) {
    const section = h('section', { class: 'view' }, h('p', {}, h('a', { href: '#/inventory' }, '← Inventory')), h('h1', {}, `Collection ${name}`));
    add(root, section);
    try {
        const c = await api.get(`collections/${encodeURIComponent(name)}`);
        add(section, h('p', {}, `${number(c.size)} member(s), updated `, time(c.updatedAt), '.'),
            c.notInInventory.length ? h('div', { class: 'warning', role: 'note' }, h('strong', {}, 'Not in the inventory yet: '),
                c.notInInventory.join(', '), ' (waking the collection skips them).') : null,
            h('h2', {}, 'Members (resource ids)'),
            h('ul', { class: 'inline-list', id: 'collection-members' }, c.members.map(r =>
                h('li', {}, c.notInInventory.includes(r) ? r : h('a', { href: `#/inventory/machines/${encodeURIComponent(r)}` }, r)))));
    } catch (error) {
        add(section, problemBox(error));
    }
}

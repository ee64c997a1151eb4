// Agents: every subnet of the agent list with its Primary and Alternate, why it has none, and the admin actions.
import { allPages, api, ApiError } from '../api.js';
import { add, announce, badge, clear, csvField, dialog, download, duration, field, h, number, pager, problemBox, relative, showNote, time } from '../ui.js';

const STATES = ['new', 'stale', 'discovering', 'healthy', 'unreachable'];
const FAST = 2500;    // while discoveries run
const SLOW = 10000;

// Kept between visits of the view.
const filter = { q: '', state: '', offset: 0, limit: 100 };

function query(extra = {}) {
    const params = new URLSearchParams();
    const f = { ...filter, ...extra };
    if (f.q) params.set('q', f.q);
    if (f.state) params.set('state', f.state);
    params.set('offset', f.offset);
    params.set('limit', f.limit);
    return params.toString();
}

/** Why a subnet has no Primary or Alternate, in the administrator's words. */
function whyNone(subnet, role) {
    const queued = subnet.discoveryQueuedAt;
    switch (subnet.state) {
        case 'discovering':
            return 'discovery running';
        case 'new':
            return queued ? 'discovery queued' : 'not yet discovered';
        case 'stale':
            return queued ? 'discovery queued' : 'stale: rediscovery pending';
        case 'unreachable': {
            const since = subnet.unreachableSince ? ` since ${relative(subnet.unreachableSince).replace(/ ago$/, '')}` : '';
            const again = queued && subnet.unreachableSince && queued > subnet.unreachableSince ? '; discovery queued' : '';
            return `no agent answered${since}${again}`;
        }
        default:
            if ((subnet.dedicatedAgents || []).length > 0 && !subnet.standIn) {
                return role === 'alternate' && subnet.dedicatedAgents.length === 1
                    ? 'none: one dedicated agent, no stand-ins' : 'none: the dedicated agent is not serving';
            }
            return role === 'alternate' && subnet.primary
                ? 'none: the first machine woken here becomes the Alternate'
                : 'none registered';
    }
}

function agentCell(subnet, role) {
    const agent = subnet[role];
    if (!agent) {
        return h('td', { 'data-col': role, class: 'none' }, h('span', { class: 'why' }, whyNone(subnet, role)));
    }
    const dedicated = (subnet.dedicatedAgents || []).includes(agent.address);
    return h('td', { 'data-col': role, 'data-dedicated': String(dedicated) },
        h('div', { class: 'agent-name' }, agent.machineName, dedicated ? [' ', badge('dedicated')] : null),
        h('div', { class: 'agent-address' }, h('code', {}, agent.address)),
        h('div', { class: 'muted small' }, 'seen ', time(agent.lastSeenAt)));
}

function stateCell(subnet) {
    return h('td', { 'data-col': 'state' }, badge(subnet.state),
        subnet.degradedSince ? h('div', { class: 'small', 'data-degraded': subnet.degradedSince }, badge('degraded'), ' since ', time(subnet.degradedSince),
            h('span', { class: 'muted' }, subnet.standIn ? ': a dedicated agent is not serving, elected agents stand in' : ': a dedicated agent is not serving')) : null,
        subnet.state === 'unreachable' && subnet.unreachableSince
            ? h('div', { class: 'muted small' }, 'since ', time(subnet.unreachableSince)) : null,
        subnet.discoveryQueuedAt ? h('div', { class: 'muted small' }, 'discovery last queued ', time(subnet.discoveryQueuedAt)) : null);
}

// The view's parts: render() builds the view (createView, mount), wires the filter (wireFilter) and polls (load),
// which draws the state counts (renderCounts) and the rows (renderRows, subnetRow, rowActions); the row and toolbar
// actions (checkAgents, rescan, deregister, removeSubnet, editPairs, editDedicated, editIpv6, importPairs, addSubnet,
// exportCsv) and the empty list's explanation (explainEmpty, emptyReasons) follow. Every part takes the view: its
// elements and the state kept while it is shown.

export async function render(root, ctx) {
    const view = createView(ctx);
    mount(root, view);
    wireFilter(view);
    showNote(view.message, 'Loading the agent list…');
    view.refresher = ctx.poll(async () => {
        try {
            const next = await load(view);
            return next;
        } catch (error) {
            if (ctx.alive()) failed(view, error);
            return SLOW;
        }
    }, FAST);
}

/** The view's elements, and what it keeps while it is shown (rows by subnet id, the last page, the refresher). */
function createView(ctx) {
    const tbody = h('tbody');
    return {
        ctx,
        admin: ctx.can('admin'),
        message: h('div', { class: 'messages' }),
        search: h('input', { type: 'search', value: filter.q, placeholder: 'e.g. 10.20.5 or PC-1042', autocomplete: 'off' }),
        state: h('select', {},
            h('option', { value: '' }, 'All states'), STATES.map(s => h('option', { value: s, selected: filter.state === s }, s))),
        limit: h('select', {}, [50, 100, 250, 500, 1000].map(n => h('option', { value: n, selected: filter.limit === n }, String(n)))),
        counts: h('div', { class: 'state-counts', role: 'group', 'aria-label': 'Subnets by state' }),
        summary: h('p', { class: 'summary', id: 'agents-summary' }),
        tbody,
        table: subnetTable(tbody),
        paging: h('div'),
        empty: h('div', { class: 'empty', id: 'agents-empty' }),
        rows: new Map(),   // subnet id -> {json, tr}
        lastPage: null,
        refresher: null,
    };
}

function subnetTable(tbody) {
    return h('table', { id: 'agents-table', class: 'data' },
        h('caption', { class: 'visually-hidden' }, 'Subnets of the agent list with their Primary and Alternate agents'),
        h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, 'Subnet'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Primary'),
            h('th', { scope: 'col' }, 'Alternate'), h('th', { scope: 'col' }, 'Agents'), h('th', { scope: 'col' }, 'Last contact'),
            h('th', { scope: 'col' }, 'Wake paths'), h('th', { scope: 'col' }, 'Actions'))),
        tbody);
}

function toolbar(view) {
    return h('form', { class: 'toolbar', role: 'search', onsubmit: e => { e.preventDefault(); apply(view); } },
        field({ name: 'q', label: 'Search subnet or machine name', control: view.search }),
        field({ name: 'state', label: 'State', control: view.state }),
        field({ name: 'limit', label: 'Per page', control: view.limit }),
        h('div', { class: 'toolbar-buttons' },
            h('button', { type: 'button', class: 'secondary', id: 'refresh-agents', onclick: () => { view.refresher.now(); announce('Refreshing the agent list…'); } }, 'Refresh'),
            h('button', { type: 'button', class: 'secondary', id: 'export-csv', onclick: () => exportCsv(view) }, 'Export CSV'),
            view.admin ? h('button', { type: 'button', class: 'secondary', id: 'import-pairs', onclick: () => importPairs(view) }, 'Import pairs…') : null,
            view.admin ? h('button', { type: 'button', class: 'primary', id: 'add-subnet', onclick: () => addSubnet(view) }, 'Add subnet…') : null));
}

function mount(root, view) {
    add(root, h('section', { class: 'view' },
        h('h1', {}, 'Agents'),
        h('p', { class: 'lead' }, 'Every subnet keeps a Primary and an Alternate agent that broadcast the magic packets on its segment.'),
        view.counts, toolbar(view), view.message, view.summary, h('div', { class: 'table-wrap' }, view.table), view.paging, view.empty));
}

/** Search as one types (after a pause), state and page size at once. */
function wireFilter(view) {
    let typing = null;
    view.search.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => apply(view), 300); });
    view.state.addEventListener('change', () => apply(view));
    view.limit.addEventListener('change', () => apply(view));
}

function apply(view) {
    filter.q = view.search.value.trim();
    filter.state = view.state.value;
    filter.limit = Number(view.limit.value);
    filter.offset = 0;
    view.refresher.now();
}

/** One refresh: the page of subnets and the counts per state; returns when to refresh next. */
async function load(view) {
    const [page, ...byState] = await Promise.all([
        api.get(`subnets?${query()}`),
        ...STATES.map(s => api.get(`subnets?state=${s}&limit=1`).then(p => p.total)),
    ]);
    if (!view.ctx.alive()) {
        return SLOW;
    }
    if (view.lastPage === null) {
        clear(view.message);
    }
    view.lastPage = page;
    renderCounts(view, byState);
    renderRows(view, page);
    const busy = page.items.some(s => s.state === 'discovering' || s.state === 'new' || s.state === 'stale')
        || byState[STATES.indexOf('discovering')] > 0;
    return busy ? FAST : SLOW;
}

function renderCounts(view, byState) {
    clear(view.counts);
    STATES.forEach((s, i) => add(view.counts, h('button', {
        type: 'button', class: `count state-${s}`, 'aria-pressed': String(filter.state === s),
        onclick: () => { view.state.value = filter.state === s ? '' : s; apply(view); },
    }, h('span', { class: 'count-number' }, number(byState[i])), ` ${s}`)));
}

function renderRows(view, page) {
    const { rows, tbody } = view;
    const filtered = filter.q || filter.state;
    view.summary.textContent = page.total === 0 ? '' : `Showing ${number(page.offset + 1)}–${number(page.offset + page.items.length)} of ${number(page.total)} subnet${page.total === 1 ? '' : 's'}${filtered ? ' matching the filter' : ''}.`;
    const seen = new Set();
    const ordered = page.items.map(subnet => {
        seen.add(subnet.id);
        const json = JSON.stringify(subnet);
        const known = rows.get(subnet.id);
        if (known && known.json === json) {
            return known.tr;
        }
        const tr = subnetRow(view, subnet);
        rows.set(subnet.id, { json, tr });
        return tr;
    });
    for (const id of [...rows.keys()]) {
        if (!seen.has(id)) rows.delete(id);
    }
    // Re-attaching only what moved keeps the focus on a button of an unchanged row.
    ordered.forEach((tr, i) => {
        if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] || null);
    });
    while (tbody.children.length > ordered.length) tbody.lastElementChild.remove();
    view.table.hidden = page.total === 0;
    clear(view.paging);
    if (page.total > 0) {
        add(view.paging, pager(page, offset => { filter.offset = offset; view.refresher.now(); }, 'subnets'));
    }
    if (page.total === 0) {
        explainEmpty(view, Boolean(filtered));
    } else {
        clear(view.empty);
    }
}

function subnetRow(view, subnet) {
    return h('tr', { 'data-subnet': subnet.subnet, 'data-id': subnet.id, 'data-state': subnet.state },
        h('th', { scope: 'row' }, h('code', {}, subnet.subnet)),
        stateCell(subnet),
        agentCell(subnet, 'primary'),
        agentCell(subnet, 'alternate'),
        h('td', { class: 'num' }, String(subnet.agents)),
        h('td', {}, time(subnet.lastContactAt, 'never')),
        pairedCell(subnet),
        h('td', { class: 'actions' }, rowActions(view, subnet)));
}

const SOURCE_TITLES = { agent: 'announced by an agent of the subnet', admin: 'set by an administrator' };

/**
 * The IPv6 prefixes of the subnet's link (docs/network.md, "IPv6"), each with who gave it: an agent announced it or an
 * administrator set it. The subnet's wakes also go to the link's all-nodes address ff02::1. Nothing when none is known.
 */
function ipv6Prefixes(subnet) {
    const prefixes = subnet.ipv6Prefixes || [];
    if (prefixes.length === 0) {
        return null;
    }
    return h('div', { class: 'small ipv6-link', 'data-ipv6': String(prefixes.length) }, 'IPv6 link:',
        h('ul', { class: 'plain' }, prefixes.map(p => h('li', { 'data-prefix': p.prefix, 'data-source': p.source },
            h('code', {}, p.prefix), h('span', { class: 'muted', title: SOURCE_TITLES[p.source] }, ` (${p.source})`)))));
}

/**
 * The unauthenticated subnets whose directed broadcasts carry this subnet's wakes too (docs/network.md), whether the
 * server sends itself, and the prefixes of its IPv6 link.
 */
function pairedCell(subnet) {
    const paired = subnet.paired || [];
    const direct = subnet.serverDirect && subnet.serverDirect !== 'never'
        ? h('div', { class: 'small', 'data-server-direct': subnet.serverDirect }, `server sends: ${DIRECT_LABELS[subnet.serverDirect]}`) : null;
    const ipv6 = ipv6Prefixes(subnet);
    return h('td', { 'data-col': 'paired' }, paired.length === 0 && !direct && !ipv6 ? h('span', { class: 'muted' }, '—') : null,
        paired.length === 0 ? null : h('ul', { class: 'plain' }, paired.map(p => h('li', {}, h('code', {}, p)))), direct, ipv6);
}

function rowActions(view, subnet) {
    const label = `${subnet.subnet}`;
    const check = subnet.primary || subnet.alternate ? h('button', { type: 'button', class: 'small secondary', 'data-check': subnet.subnet,
        'aria-label': `Check the agents of ${label}`, onclick: () => checkAgents(view, subnet) }, 'Check agents') : null;
    if (!view.admin) {
        return [check];
    }
    return [check,
        h('button', { type: 'button', class: 'small', 'data-action': 'rescan', 'aria-label': `Rescan ${label}`, onclick: () => rescan(view, subnet) }, 'Rescan'),
        h('button', { type: 'button', class: 'small secondary', 'data-action': 'pairs', 'aria-label': `Wake paths of ${label}`, onclick: () => editPairs(view, subnet) }, 'Paths…'),
        h('button', { type: 'button', class: 'small secondary', 'data-action': 'dedicated', 'aria-label': `Dedicated agents of ${label}`, onclick: () => editDedicated(view, subnet) }, 'Dedicated…'),
        h('button', { type: 'button', class: 'small secondary', 'data-action': 'ipv6', 'aria-label': `IPv6 prefixes of ${label}`, onclick: () => editIpv6(view, subnet) }, 'IPv6 prefixes…'),
        subnet.primary ? h('button', { type: 'button', class: 'small', 'data-action': 'deregister-primary',
            'aria-label': `De-register the Primary of ${label}`, onclick: () => deregister(view, subnet, 'primary') }, 'De-register Primary') : null,
        subnet.alternate ? h('button', { type: 'button', class: 'small', 'data-action': 'deregister-alternate',
            'aria-label': `De-register the Alternate of ${label}`, onclick: () => deregister(view, subnet, 'alternate') }, 'De-register Alternate') : null,
        h('button', { type: 'button', class: 'small danger', 'data-action': 'remove', 'aria-label': `Remove ${label}`, onclick: () => removeSubnet(view, subnet) }, 'Remove'),
    ];
}

// ---- actions ----

function done(view, text) {
    add(clear(view.message), h('p', { class: 'note', role: 'status' }, text));
    view.refresher.now();
}

function failed(view, error) {
    add(clear(view.message), problemBox(error));
}

/** Asks the subnet's Primary and Alternate for their status now, and says what each answered. */
async function checkAgents(view, subnet) {
    add(clear(view.message), h('p', { class: 'note', role: 'status' }, `Checking the agents of ${subnet.subnet}…`));
    try {
        const report = (await api.post(`subnets/${subnet.id}/check`)).data;
        const lines = report.agents.map(a => h('li', { 'data-checked': a.address, 'data-reachable': String(a.reachable) },
            h('strong', {}, `${a.role === 'primary' ? 'Primary' : 'Alternate'} ${a.machineName} (${a.address}): `),
            a.reachable
                ? `answered in ${a.roundTripMillis} ms; up ${duration(a.uptimeSeconds)}, ${number(a.packetsSent)} magic packet(s) sent`
                : `did not answer (${a.problem})`,
            a.reachable && a.problem ? h('span', { class: 'why' }, ` — ${a.problem}`) : ''));
        add(clear(view.message), h('div', { class: 'note', role: 'status', id: 'check-result' },
            h('p', {}, `Agents of ${report.subnet}:`), h('ul', {}, lines.length ? lines : h('li', {}, 'no Primary or Alternate registered'))));
        view.refresher.now();
    } catch (error) {
        failed(view, error);
    }
}

async function rescan(view, subnet) {
    const ok = await dialog({
        title: `Rescan ${subnet.subnet}?`,
        content: h('p', {}, 'AgentFinder probes the machines of this subnet again and registers up to two agents (Primary and Alternate).'),
        confirmLabel: 'Rescan',
        action: () => api.post(`subnets/${subnet.id}/rescan`),
    });
    if (ok) done(view, `Discovery of ${subnet.subnet} queued.`);
}

async function deregister(view, subnet, role) {
    const agent = subnet[role];
    const rescanBox = h('input', { type: 'checkbox', checked: true, id: 'deregister-rescan' });
    const ok = await dialog({
        title: `De-register the ${role === 'primary' ? 'Primary' : 'Alternate'} of ${subnet.subnet}?`,
        content: [
            h('p', {}, `${agent.machineName} (${agent.address}) leaves the agent list and is told so.`,
                role === 'primary' ? ' A living Alternate becomes the Primary at once.' : ''),
            h('div', { class: 'check' }, rescanBox, h('label', { for: 'deregister-rescan' }, 'Then rediscover the subnet to recruit a replacement')),
        ],
        confirmLabel: 'De-register', danger: true,
        action: () => api.del(`subnets/${subnet.id}/${role}${rescanBox.checked ? '' : '?rescan=false'}`),
    });
    if (ok) done(view, `${agent.machineName} is no longer the ${role === 'primary' ? 'Primary' : 'Alternate'} of ${subnet.subnet}.`);
}

async function removeSubnet(view, subnet) {
    const ok = await dialog({
        title: `Remove ${subnet.subnet} from the agent list?`,
        content: h('p', {}, 'A subnet with registered agents cannot be removed: de-register them first.'),
        confirmLabel: 'Remove', danger: true,
        action: () => api.del(`subnets/${subnet.id}`),
    });
    if (ok) done(view, `${subnet.subnet} removed from the agent list.`);
}

const DIRECT_LABELS = { never: 'never', 'when-no-agent': 'when no agent', 'always-also': 'always, beside the agent' };

/**
 * Sets the subnet's wake paths beyond its agents: its paired subnets (one CIDR per line; empty removes them) and
 * whether the server sends its packets itself.
 */
async function editPairs(view, subnet) {
    const input = h('textarea', { id: 'pairs-list', rows: 5, placeholder: '10.120.5.0/24', autocomplete: 'off', spellcheck: 'false' },
        (subnet.paired || []).join('\n'));
    const current = subnet.serverDirect || 'never';
    const direct = h('select', { id: 'server-direct' },
        Object.entries(DIRECT_LABELS).map(([value, label]) => h('option', { value, selected: value === current }, label)));
    const saved = await dialog({
        title: `Wake paths of ${subnet.subnet}`,
        content: [field({ name: 'paired', label: 'Paired subnets (one CIDR per line, at most 8)', control: input,
            hint: 'Wakes of this subnet are also sent, by its agent, to each paired subnet’s directed broadcast (802.1X guest or auth-fail VLANs). The routers must forward them: see the administrator’s guide (docs/network.md). Leave empty to remove the pairs.' }),
        field({ name: 'serverDirect', label: 'The server sends the packets itself', control: direct,
            hint: 'As a directed broadcast from the server: when the subnet has no reachable agent, or always beside the agent. The routers must forward directed broadcasts from the server.' })],
        confirmLabel: 'Save',
        fieldOf: f => (f === 'paired' || /^paired\[\d+\]$/.test(f) ? 'paired' : f === 'serverDirect' ? 'serverDirect' : null),
        action: async () => {
            const pairs = await api.put('subnet-pairs', { subnet: subnet.subnet, paired: input.value.split(/[\s,]+/).filter(Boolean) });
            if (direct.value !== current) {
                await api.put('subnet-policies', { subnet: subnet.subnet, serverDirect: direct.value });
            }
            return pairs;
        },
    });
    if (saved) {
        const n = saved.data.paired.length;
        done(view, (n === 0 ? `${subnet.subnet} has no paired subnet now.` : `${subnet.subnet} is paired with ${saved.data.paired.join(', ')}.`)
            + (direct.value !== current ? ` The server sends its packets itself: ${DIRECT_LABELS[direct.value]}.` : ''));
    }
}

/**
 * Pins one or two agents as the subnet's proxies (docs/network.md, "Dedicated agents"), or goes back to elected ones
 * (no address), and whether elected agents may stand in while a dedicated one is not serving.
 */
async function editDedicated(view, subnet) {
    const input = h('textarea', { id: 'dedicated-list', rows: 2, placeholder: subnet.subnet.replace(/\.\d+\/\d+$/, '.7'), autocomplete: 'off', spellcheck: 'false' },
        (subnet.dedicatedAgents || []).join('\n'));
    const standIn = h('input', { type: 'checkbox', id: 'dedicated-stand-in', checked: Boolean(subnet.standIn) });
    const saved = await dialog({
        title: `Dedicated agents of ${subnet.subnet}`,
        content: [field({ name: 'agents', label: 'Dedicated agents (one address per line, at most 2; the first is preferred as Primary)', control: input,
            hint: 'These agents are the subnet’s proxies instead of elected ones; discovery and the Agent State Manager do not replace them. Leave empty to go back to elected agents.' }),
        h('div', { class: 'check' }, standIn, h('label', { for: 'dedicated-stand-in' }, 'Let elected agents stand in while a dedicated agent is silent or away'))],
        confirmLabel: 'Save',
        fieldOf: f => (f === 'agents' || /^agents\[\d+\]$/.test(f) ? 'agents' : null),
        action: () => api.put('subnet-policies/dedicated-agents', { subnet: subnet.subnet, agents: input.value.split(/[\s,]+/).filter(Boolean), standIn: standIn.checked }),
    });
    if (saved) {
        const agents = saved.data.agents;
        done(view, agents.length === 0 ? `${subnet.subnet} has elected agents again.`
            : `${agents.join(' and ')} ${agents.length === 1 ? 'is' : 'are'} the dedicated agent${agents.length === 1 ? '' : 's'} of ${subnet.subnet}`
              + (saved.data.standIn ? '; elected agents stand in while one is not serving.' : '; no other agent holds a role.'));
    }
}

/**
 * Sets the IPv6 prefixes of the subnet's link (docs/network.md, "IPv6"): one per line, replacing every prefix the link
 * has, whoever gave it; empty removes them (the agents may announce theirs again).
 */
async function editIpv6(view, subnet) {
    const known = (subnet.ipv6Prefixes || []).map(p => p.prefix);
    const input = h('textarea', { id: 'ipv6-prefixes-list', rows: 4, placeholder: '2001:db8:5:1::/64', autocomplete: 'off', spellcheck: 'false' },
        known.join('\n'));
    const saved = await dialog({
        title: `IPv6 prefixes of ${subnet.subnet}`,
        content: [field({ name: 'prefixes', label: 'IPv6 prefixes of the same link (one per line, at most 8)', control: input,
            hint: 'Global or unique-local prefixes such as 2001:db8:5:1::/64 or fd00:5:1::/64 (not link-local fe80::/10). A machine known only by its IPv6 address is woken through the subnet whose link holds it, and the subnet’s agent also sends to the link’s all-nodes address ff02::1. The list replaces the prefixes the agents announced; leave it empty to remove them all.' })],
        confirmLabel: 'Save',
        fieldOf: f => (f === 'prefixes' || /^prefixes\[\d+\]$/.test(f) ? 'prefixes' : null),
        action: () => api.put('subnets/ipv6-prefixes', { subnet: subnet.subnet, prefixes: input.value.split(/[\s,]+/).filter(Boolean) }),
    });
    if (saved) {
        const prefixes = saved.data.prefixes;
        done(view, prefixes.length === 0 ? `${subnet.subnet} has no IPv6 prefix now; its agents may announce theirs again.`
            : `The IPv6 link of ${subnet.subnet} has ${prefixes.join(', ')}.`);
    }
}

/** A CSV file of subnet,paired rows: all or nothing, every bad row named by the server. */
async function importPairs(view) {
    const input = h('input', { type: 'file', id: 'pairs-file', accept: '.csv,text/csv' });
    const imported = await dialog({
        title: 'Import paired subnets',
        content: [field({ name: 'file', label: 'CSV file', control: input,
            hint: 'One “subnet,paired” pair per line (a header line is allowed). Each subnet the file names gets exactly the pairs of its rows; nothing is imported when a row is bad.' })],
        confirmLabel: 'Import',
        action: async () => {
            const file = input.files[0];
            if (!file) {
                throw new ApiError(400, { title: 'No file chosen', detail: 'Choose the CSV file to import.' });
            }
            return api.postText('subnet-pairs/import', await file.text(), 'text/csv');
        },
    });
    if (imported) done(view, `Imported ${number(imported.data.pairs)} pair(s) for ${number(imported.data.subnets)} subnet(s).`);
}

async function addSubnet(view) {
    const input = h('input', { type: 'text', id: 'add-subnet-cidr', placeholder: '10.20.5.0/24', autocomplete: 'off' });
    const added = await dialog({
        title: 'Add a subnet',
        content: [field({ name: 'subnet', label: 'Subnet (CIDR)', control: input,
            hint: 'It joins the agent list and its discovery is queued at once.' })],
        confirmLabel: 'Add subnet',
        fieldOf: f => (f === 'subnet' ? 'subnet' : null),
        action: () => api.post('subnets', { subnet: input.value.trim() }),
    });
    if (added) done(view, `${added.data.subnet} added; discovery queued.`);
}

async function exportCsv(view) {
    const button = document.getElementById('export-csv');
    button.disabled = true;
    try {
        const params = new URLSearchParams();
        if (filter.q) params.set('q', filter.q);
        if (filter.state) params.set('state', filter.state);
        const all = await allPages(`subnets?${params}`);
        const head = ['subnet', 'state', 'agents', 'primary_name', 'primary_address', 'primary_last_seen', 'alternate_name',
            'alternate_address', 'alternate_last_seen', 'last_contact', 'unreachable_since', 'discovery_queued_at', 'paired', 'ipv6_prefixes'];
        const lines = all.map(s => [s.subnet, s.state, s.agents,
            s.primary?.machineName, s.primary?.address, s.primary?.lastSeenAt,
            s.alternate?.machineName, s.alternate?.address, s.alternate?.lastSeenAt,
            s.lastContactAt, s.unreachableSince, s.discoveryQueuedAt, (s.paired || []).join(' '),
            (s.ipv6Prefixes || []).map(p => p.prefix).join(' ')].map(csvField).join(','));
        download(`reveille-agents-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`,
            [head.join(','), ...lines].join('\r\n') + '\r\n');
        announce(`Exported ${all.length} subnets`);
        add(clear(view.message), h('p', { class: 'note', role: 'status', id: 'export-done' }, `Exported ${number(all.length)} subnets as CSV.`));
    } catch (error) {
        failed(view, error);
    } finally {
        button.disabled = false;
    }
}

// ---- the empty list ----

/** An empty agent list says what is missing, with the way to fix it. */
async function explainEmpty(view, filtered) {
    const { empty } = view;
    if (filtered) {
        add(clear(empty), h('p', {}, 'No subnet matches the search and state filter. ',
            h('button', { type: 'button', class: 'link', onclick: () => { view.search.value = ''; view.state.value = ''; apply(view); } }, 'Clear the filter')));
        return;
    }
    let facts;
    try {
        const [boundaries, machines, settings, manager] = await Promise.all([
            api.get('boundaries'), api.get('machines?limit=1'), api.get('settings'), api.get('agent-state-manager')]);
        facts = { boundaries, machines, settings, manager };
    } catch (error) {
        add(clear(empty), problemBox(error));
        return;
    }
    if (!view.ctx.alive() || (view.lastPage && view.lastPage.total > 0)) {
        return;
    }
    add(clear(empty), h('h2', {}, 'The agent list is empty'), h('ul', { class: 'reasons' }, emptyReasons(facts)),
        view.admin ? h('p', {}, 'You can also add a subnet by hand with “Add subnet…”.') : null);
}

/** Why the agent list is empty, from the boundaries, the inventory, the settings and the Agent State Manager. */
function emptyReasons(facts) {
    const reasons = [];
    const link = (hash, text) => h('a', { href: hash }, text);
    if (facts.boundaries.items.length === 0) {
        reasons.push(h('li', { 'data-reason': 'no-boundaries' }, h('strong', {}, 'No boundaries are defined. '),
            'Reveille only looks after subnets inside its boundaries. ', link('#/boundaries', 'Define boundaries')));
    }
    if (facts.machines.total === 0) {
        reasons.push(h('li', { 'data-reason': 'no-inventory' }, h('strong', {}, 'The inventory is empty. '),
            'Subnets come from the machines an inventory system pushes (PUT /api/inventory/machines). ', link('#/inventory', 'Inventory')));
    }
    if (facts.settings.discoveryStrategy === 'on-demand') {
        reasons.push(h('li', { 'data-reason': 'on-demand' }, h('strong', {}, 'Discovery is on demand. '),
            'A subnet joins the agent list when a wake first targets one of its machines. ', link('#/wake', 'Start a wake')));
    }
    if (!facts.settings.agentStateManagerEnabled) {
        reasons.push(h('li', { 'data-reason': 'manager-disabled' }, h('strong', {}, 'The Agent State Manager is disabled, '),
            'so no poll adds subnets. ', link('#/settings', 'Settings')));
    }
    if (reasons.length === 0) {
        const next = facts.manager.nextPollAt;
        reasons.push(h('li', { 'data-reason': 'waiting-for-poll' }, h('strong', {}, 'Waiting for the next poll. '),
            'The Agent State Manager adds the inventory subnets inside the boundaries', next ? [' at ', time(next)] : '', '. ',
            facts.manager.lastPoll.outOfBounds > 0 ? `The last poll found ${facts.manager.lastPoll.outOfBounds} inventory subnet(s) outside the boundaries. ` : '',
            link('#/manager', 'Agent State Manager')));
    }
    return reasons;
}

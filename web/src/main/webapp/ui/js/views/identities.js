// Identities: enrollment tokens (created here; the token shown once, right after), the agents' identities (revoked
// here) and the server's signing keys (rotated here). Administrators only, as the API (docs/api.md, "Agent identities").
import { api } from '../api.js';
import { add, announce, badge, clear, dialog, field, h, number, pager, problemBox, showFieldErrors, time } from '../ui.js';

const PAGE = 50;

/** A whole number as a number; anything else as typed, so that the API names what is wrong with it. */
function whole(text) {
    const value = text.trim();
    return /^-?\d+$/.test(value) ? Number(value) : value;
}

function note(container, text) {
    add(clear(container), h('p', { class: 'note', role: 'status' }, text));
}

export async function render(root, ctx) {
    const section = h('section', { class: 'view' },
        h('h1', {}, 'Identities'),
        h('p', { class: 'lead' }, 'An agent enrolls once with an enrollment token and gets an identity of its own: the servers then accept only frames signed with its key, and sign theirs with the server key. Revoke the identity of a lost or stolen PC; rotate the server key now and then.'));
    add(root, section);
    add(section, ...tokensPart(ctx), ...identitiesPart(ctx), ...keysPart(ctx));
}

// ---- enrollment tokens ----

function tokensPart(ctx) {
    const message = h('div', { class: 'messages', id: 'tokens-message' });
    const body = h('tbody');
    const secret = secretBox();

    const validHours = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', size: 6, value: '24' });
    const uses = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', size: 8, value: '1' });
    const description = h('input', { type: 'text', autocomplete: 'off', maxlength: 255, size: 32, placeholder: 'building B re-imaging' });
    const formMessage = h('div');
    const create = h('button', { type: 'submit', class: 'primary', id: 'create-token' }, 'Create token');
    const form = h('form', { id: 'token-form', class: 'toolbar', novalidate: true, 'aria-label': 'Create an enrollment token' },
        field({ name: 'validHours', label: 'Valid for', control: validHours, unit: 'hours' }),
        field({ name: 'uses', label: 'Uses', control: uses, unit: 'agents' }),
        field({ name: 'description', label: 'Description', control: description }),
        h('div', { class: 'toolbar-buttons' }, create),
        formMessage);
    form.addEventListener('submit', async e => {
        e.preventDefault();
        clear(formMessage);
        secret.hide();
        const token = { validHours: whole(validHours.value), uses: whole(uses.value) };
        if (description.value.trim()) token.description = description.value.trim();
        create.disabled = true;
        try {
            const created = (await api.post('enrollment-tokens', token)).data;
            showFieldErrors(form, null, () => null);
            description.value = '';
            clear(message);
            secret.show(created);
            announce(`Enrollment token ${created.id} created: copy it now, it is not shown again`);
            await load();
        } catch (error) {
            if (!error.problem) throw error;
            const rest = showFieldErrors(form, error, f => (['validHours', 'uses', 'description'].includes(f) ? f : null));
            add(formMessage, problemBox({ status: error.status, problem: error.problem, errors: rest }));
        } finally {
            create.disabled = false;
        }
    });

    async function revoke(t) {
        const ok = await dialog({
            title: `Revoke enrollment token ${t.id}?`,
            content: [
                h('p', {}, 'No agent enrolls with it from then on. Agents that already enrolled with it keep their identities (revoke those below).'),
                t.description ? h('p', { class: 'muted' }, t.description) : null,
            ],
            confirmLabel: 'Revoke token', danger: true,
            action: () => api.del(`enrollment-tokens/${encodeURIComponent(t.id)}`),
        });
        if (ok) {
            note(message, `Enrollment token ${t.id} revoked.`);
            announce(`Enrollment token ${t.id} revoked`);
            await load();
        }
    }

    async function load() {
        let tokens;
        try {
            tokens = await api.get('enrollment-tokens');
        } catch (error) {
            if (ctx.alive()) add(clear(message), problemBox(error));
            return;
        }
        if (!ctx.alive()) return;
        clear(body);
        for (const t of tokens) {
            add(body, h('tr', { 'data-token': t.id, 'data-state': t.state },
                h('th', { scope: 'row' }, h('code', {}, t.id)),
                h('td', { 'data-col': 'state' }, badge(t.state), t.revokedAt ? h('div', { class: 'muted small' }, time(t.revokedAt)) : null),
                h('td', { class: 'num', 'data-col': 'uses' }, `${number(t.uses)} / ${number(t.maxUses)}`),
                h('td', {}, time(t.expiresAt)),
                h('td', {}, t.description || ''),
                h('td', {}, time(t.createdAt), t.createdBy ? ` by ${t.createdBy}` : ''),
                h('td', { class: 'actions' }, t.state === 'active'
                    ? h('button', { type: 'button', class: 'small danger', 'data-action': 'revoke-token',
                        'aria-label': `Revoke enrollment token ${t.id}`, onclick: () => revoke(t) }, 'Revoke')
                    : null)));
        }
        if (tokens.length === 0) {
            add(body, h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No enrollment token yet.')));
        }
    }

    load();
    return [
        h('h2', { id: 'tokens-heading' }, 'Enrollment tokens'),
        h('p', { class: 'hint' }, 'Give the token to the agents to enroll (--enroll-token). It is valid for the hours and the number of agents (uses) you choose; the server keeps only a hash of its secret.'),
        form, secret.el, message,
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'tokens-table', 'aria-labelledby': 'tokens-heading' },
            h('thead', {}, h('tr', {}, ['Token', 'State', 'Uses', 'Expires', 'Description', 'Created', 'Actions']
                .map(t => h('th', { scope: 'col' }, t)))), body)),
    ];
}

/** Where a new token is shown, once: a read-only field with a Copy button, gone when hidden or the view is left. */
function secretBox() {
    const text = h('input', { type: 'text', id: 'new-token-text', class: 'token-text', readonly: true, autocomplete: 'off',
        spellcheck: 'false', 'aria-describedby': 'new-token-warning' });
    const status = h('span', { id: 'copy-status', class: 'small', role: 'status' });
    const heading = h('h3', { id: 'new-token-heading' });
    const el = h('div', { id: 'new-token', class: 'secret', hidden: true, role: 'region', 'aria-labelledby': 'new-token-heading' },
        heading,
        h('p', { id: 'new-token-warning' }, h('strong', {}, 'Copy it now: it will not be shown again. '),
            'The server keeps only a hash of it; a lost token cannot be read back (revoke it and create another).'),
        h('div', { class: 'secret-row' },
            h('label', { for: 'new-token-text', class: 'visually-hidden' }, 'New enrollment token'), text,
            h('button', { type: 'button', class: 'secondary', id: 'copy-token', onclick: copy }, 'Copy'),
            h('button', { type: 'button', class: 'secondary', id: 'hide-token', onclick: () => hide() }, 'Done, hide it')),
        status);
    text.addEventListener('focus', () => text.select());

    async function copy() {
        status.textContent = '';
        let copied = false;
        if (navigator.clipboard && window.isSecureContext) {
            try {
                await navigator.clipboard.writeText(text.value);
                copied = true;
            } catch {
                copied = false;
            }
        }
        if (!copied) {
            // without the asynchronous clipboard (plain HTTP, or permission refused): the selection and the old copy command
            text.focus();
            text.select();
            try {
                copied = document.execCommand('copy');
            } catch {
                copied = false;
            }
        }
        status.textContent = copied ? 'Copied to the clipboard.' : 'The browser did not allow copying: the token is selected, press Ctrl+C (⌘C).';
    }

    function show(created) {
        heading.textContent = `Enrollment token ${created.id}`;
        text.value = created.token;
        text.size = Math.min(Math.max(created.token.length + 2, 20), 80);
        status.textContent = '';
        el.hidden = false;
        text.focus();
    }

    function hide() {
        text.value = '';
        status.textContent = '';
        el.hidden = true;
    }

    return { el, show, hide };
}

// ---- agent identities ----

function identitiesPart(ctx) {
    const message = h('div', { class: 'messages', id: 'identities-message' });
    const body = h('tbody');
    const paging = h('div');
    let offset = 0;
    const state = h('select', {}, h('option', { value: '' }, 'all'), h('option', { value: 'live' }, 'live'), h('option', { value: 'revoked' }, 'revoked'));
    state.addEventListener('change', () => { offset = 0; clear(message); load(); });
    const form = h('form', { id: 'identity-filter', class: 'toolbar', novalidate: true, 'aria-label': 'Filter the agent identities',
        onsubmit: e => { e.preventDefault(); offset = 0; clear(message); load(); } },
        field({ name: 'state', label: 'State', control: state }),
        h('div', { class: 'toolbar-buttons' }, h('button', { type: 'submit', class: 'secondary', id: 'identities-apply' }, 'Refresh')));

    async function revoke(i) {
        const reason = h('input', { type: 'text', autocomplete: 'off', maxlength: 1024, placeholder: 'stolen laptop' });
        const revoked = await dialog({
            title: `Revoke the identity of ${i.machineName}?`,
            content: [
                h('p', {}, `${i.machineName} (${i.mac}, ${i.address}) can no longer speak with any server: its frames are refused, `,
                    'and it leaves the agent list as a de-registered agent does (an Alternate becomes the Primary, the subnet is rediscovered). ',
                    'Its MAC may enroll again with a new token (a re-imaged PC).'),
                field({ name: 'reason', label: 'Reason (optional)', control: reason, hint: 'Kept with the identity and in the audit trail.' }),
            ],
            confirmLabel: 'Revoke identity', danger: true,
            fieldOf: f => (f === 'reason' ? 'reason' : null),
            action: () => api.post(`agent-identities/${i.id}/revoke`, reason.value.trim() ? { reason: reason.value.trim() } : {}),
        });
        if (revoked) {
            note(message, `The identity of ${i.machineName} (${i.mac}) is revoked.`);
            announce(`Identity of ${i.machineName} revoked`);
            await load();
        }
    }

    function stateCell(i) {
        return h('td', { 'data-col': 'state' }, badge(i.state),
            i.revokedAt ? h('div', { class: 'muted small' }, time(i.revokedAt), i.revokedBy ? ` by ${i.revokedBy}` : '') : null,
            i.revokeReason ? h('div', { class: 'small' }, i.revokeReason) : null);
    }

    async function load() {
        const q = new URLSearchParams();
        if (state.value) q.set('state', state.value);
        q.set('offset', offset);
        q.set('limit', PAGE);
        let page;
        try {
            page = await api.get(`agent-identities?${q}`);
        } catch (error) {
            if (ctx.alive()) add(clear(message), problemBox(error));
            return;
        }
        if (!ctx.alive()) return;
        clear(body);
        for (const i of page.items) {
            add(body, h('tr', { 'data-identity': i.id, 'data-state': i.state },
                h('th', { scope: 'row' }, String(i.id)),
                stateCell(i),
                h('td', { class: 'agent-name' }, i.machineName),
                h('td', {}, h('code', {}, i.mac)),
                h('td', {}, h('code', {}, i.address)),
                h('td', {}, h('code', {}, i.subnet)),
                h('td', {}, time(i.enrolledAt), i.enrolledThrough ? h('div', { class: 'muted small' }, `through ${i.enrolledThrough}`) : null),
                h('td', {}, i.token ? h('code', {}, i.token) : h('span', { class: 'muted' }, '—')),
                h('td', { class: 'actions' }, i.state === 'live'
                    ? h('button', { type: 'button', class: 'small danger', 'data-action': 'revoke-identity',
                        'aria-label': `Revoke the identity of ${i.machineName}`, onclick: () => revoke(i) }, 'Revoke…')
                    : null)));
        }
        if (page.total === 0) {
            add(body, h('tr', {}, h('td', { colspan: 9, class: 'muted' },
                state.value ? `No ${state.value} agent identity.` : 'No agent has enrolled yet.')));
        }
        add(clear(paging), pager(page, o => { offset = o; load(); }, 'identities'));
    }

    load();
    return [
        h('h2', { id: 'identities-heading' }, 'Agent identities'),
        h('p', { class: 'hint' }, 'Every enrolled agent, newest first, with where it is bound now and the token it enrolled with.'),
        form, message,
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'identities-table', 'aria-labelledby': 'identities-heading' },
            h('thead', {}, h('tr', {}, ['Identity', 'State', 'Machine', 'MAC', 'Address', 'Subnet', 'Enrolled', 'Token', 'Actions']
                .map(t => h('th', { scope: 'col' }, t)))), body)),
        paging,
    ];
}

// ---- server keys ----

function keysPart(ctx) {
    const message = h('div', { class: 'messages', id: 'keys-message' });
    const body = h('tbody');
    const overlap = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', size: 6, value: '168' });
    const rotate = h('button', { type: 'submit', class: 'danger', id: 'rotate-key' }, 'Rotate…');
    const form = h('form', { id: 'rotate-form', class: 'toolbar', novalidate: true, 'aria-label': 'Rotate the server key' },
        field({ name: 'overlapHours', label: 'Overlap', control: overlap, unit: 'hours' }),
        h('div', { class: 'toolbar-buttons' }, rotate));
    form.addEventListener('submit', async e => {
        e.preventDefault();
        clear(message);
        const hours = whole(overlap.value);
        const span = typeof hours === 'number' ? `${number(hours)} hour${hours === 1 ? '' : 's'}` : `“${hours}” hours`;
        const created = await dialog({
            title: 'Rotate the server key?',
            content: [
                h('p', {}, 'A new key signs every frame the servers send to enrolled agents from now on. ',
                    `The keys in use endorse it for ${span}, so that each enrolled agent that speaks with a server during that time learns it.`),
                h('p', { class: 'warning', id: 'rotate-warning' }, h('strong', {}, 'Agents that do not contact a server during the overlap '),
                    '(switched off, away) no longer trust the servers afterwards and must enroll again with a new token.'),
            ],
            confirmLabel: 'Rotate key', danger: true,
            action: () => api.post('server-keys/rotation', { overlapHours: hours }),
        });
        if (created) {
            note(message, `Server key ${created.data.id} signs from now on; the older keys endorse it for ${span}.`);
            announce('Server key rotated');
            await load();
        }
    });

    async function load() {
        let keys;
        try {
            keys = await api.get('server-keys');
        } catch (error) {
            if (ctx.alive()) add(clear(message), problemBox(error));
            return;
        }
        if (!ctx.alive()) return;
        clear(body);
        for (const k of keys) {
            add(body, h('tr', { 'data-key': k.id, 'data-state': k.state },
                h('th', { scope: 'row' }, String(k.id)),
                h('td', { 'data-col': 'state' }, badge(k.state)),
                h('td', {}, time(k.createdAt), k.createdBy ? ` by ${k.createdBy}` : ''),
                h('td', {}, time(k.retireAt)),
                h('td', { class: 'small detail' }, h('code', { title: 'Public key (X.509, base64)' }, k.publicKey))));
        }
        if (keys.length === 0) {
            add(body, h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No server key yet: the server makes the first when it starts.')));
        }
    }

    load();
    return [
        h('h2', { id: 'keys-heading' }, 'Server keys'),
        h('p', { class: 'hint' }, 'The newest key signs; an older one endorses it until it retires. The private keys never leave the database.'),
        form, message,
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'keys-table', 'aria-labelledby': 'keys-heading' },
            h('thead', {}, h('tr', {}, ['Key', 'State', 'Created', 'Retires', 'Public key']
                .map(t => h('th', { scope: 'col' }, t)))), body)),
    ];
}

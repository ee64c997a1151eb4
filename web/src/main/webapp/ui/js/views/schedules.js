// Schedules: wake schedules (a cron expression or one instant, in a time zone) with a live preview of the next firings
// while the form is filled in; a schedule's page with its next firings, its firings so far, pause/resume, "Run now" and
// delete; and the maintenance windows of collections. Every role (docs/api.md, "Schedules", "Maintenance windows"); a
// schedule or window is changed by the user who created it or an admin: the API's refusal is shown as it says it.
import { api } from '../api.js';
import { add, announce, badge, clear, dialog, field, h, items, number, pager, problemBox, relative, showFieldErrors, time } from '../ui.js';

const PAGE = 50;
const TARGETS = ['names', 'collections', 'macs'];
/** The members that decide when a schedule fires: the preview marks their violations. */
const CALENDAR = ['cron', 'at', 'timeZone', 'startsAt', 'endsAt'];
const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Paris', 'America/New_York', 'America/Chicago', 'America/Denver',
    'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Kolkata', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Sydney'];

/** A note for the list, set by the schedule's page before it leads back there (after a delete). */
let flash = null;

function browserZone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    } catch {
        return 'UTC';
    }
}

const formats = new Map();

/** A formatter for times in zone, or null when the browser does not know the zone. */
function format(zone) {
    if (!formats.has(zone)) {
        let f = null;
        try {
            f = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric',
                hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone, timeZoneName: 'short' });
        } catch {
            f = null;
        }
        formats.set(zone, f);
    }
    return formats.get(zone);
}

/** A <time> with the instant in the schedule's zone; the ISO instant and how soon (or long ago) as its title. */
function zoned(iso, zone, empty = '—') {
    if (!iso) {
        return h('span', { class: 'muted' }, empty);
    }
    const f = format(zone);
    return h('time', { datetime: iso, title: `${relative(iso)} (${iso})` }, f ? f.format(new Date(iso)) : iso);
}

/** zone's offset from UTC in milliseconds at the instant ms. Throws RangeError for a zone the browser does not know. */
function offsetAt(ms, zone) {
    const parts = {};
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(ms)).forEach(p => { parts[p.type] = Number(p.value); });
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
    return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * A datetime-local value read as the local time of zone, as an ISO-8601 instant ('' when empty). A local time that
 * does not exist (spring forward) moves on by the gap, as the server does; an unknown zone reads it in the browser's.
 */
function instantIn(value, zone) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
    if (!m) {
        return value;   // as typed: the API names what is wrong with it
    }
    try {
        const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0));
        const guess = wall - offsetAt(wall, zone);
        return new Date(wall - offsetAt(guess, zone)).toISOString();
    } catch {
        return new Date(value).toISOString();
    }
}

/** Whole minutes as an ISO-8601 duration; anything else is left to the caller. */
function minutes(text) {
    const value = text.trim();
    return /^\d+$/.test(value) ? Number(value) : null;
}

/** An ISO-8601 duration of the API (PT15M, PT1H30M, P7D) in minutes, with the ISO text as its title. */
function span(iso, zero = '0 min') {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso || '');
    if (!m) {
        return iso || '—';
    }
    const total = (Number(m[1] || 0) * 1440) + (Number(m[2] || 0) * 60) + Number(m[3] || 0) + (Number(m[4] || 0) / 60);
    return h('span', { title: iso }, total === 0 ? zero : `${number(Math.round(total * 100) / 100)} min`);
}

function outcome(o) {
    return h('span', { class: `badge outcome-${o}` }, o);
}

function jobLink(job) {
    return job ? h('a', { href: `#/jobs/${job}` }, `Job ${job}`) : h('span', { class: 'muted' }, 'no job');
}

/** "0 6 * * MON-FRI" or "once at …". */
function when(s) {
    return s.cron ? h('code', {}, s.cron) : ['once at ', zoned(s.at, s.timeZone)];
}

function nextCell(s) {
    if (!s.nextFiringAt) {
        return h('span', { class: 'muted' }, s.state === 'active' ? 'none' : `none (${s.state})`);
    }
    return [zoned(s.nextFiringAt, s.timeZone), h('div', { class: 'muted small' }, relative(s.nextFiringAt))];
}

function lastCell(f, zone) {
    if (!f) {
        return h('span', { class: 'muted' }, 'not yet');
    }
    return [outcome(f.outcome), ' ', f.job ? jobLink(f.job) : null,
        h('div', { class: 'muted small' }, 'due ', zoned(f.dueAt, zone))];
}

function targets(s) {
    const parts = [['names', 'names'], ['resourceIds', 'resource ids'], ['collections', 'collections'], ['macs', 'MACs']]
        .filter(([key]) => s[key] && s[key].length)
        .map(([key, label]) => `${label}: ${s[key].join(', ')}`);
    return parts.join('; ') || '—';
}

export async function render(root, ctx) {
    if (ctx.params[0]) {
        return schedule(root, ctx, ctx.params[0]);
    }
    const message = h('div', { class: 'messages', id: 'schedules-message' });
    if (flash) {
        add(message, h('p', { class: 'note', role: 'status' }, flash));
        flash = null;
    }
    const body = h('tbody');
    const paging = h('div');
    let offset = 0;
    const zones = h('datalist', { id: 'time-zones' },
        [...new Set([browserZone(), ...ZONES])].map(z => h('option', { value: z })));
    const collectionNames = h('datalist', { id: 'collection-names' });

    add(root, h('section', { class: 'view' },
        h('h1', {}, 'Schedules'),
        h('p', { class: 'lead' }, 'A schedule wakes its targets at the firings of a cron expression, or once, in a time zone; each firing is an ordinary wake job. A maintenance window says when the machines of a collection may be woken: outside it, a wake of the collection is deferred to its next opening or refused.'),
        message,
        h('h2', { id: 'schedules-heading' }, 'Schedules'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'schedules-table', 'aria-labelledby': 'schedules-heading' },
            h('thead', {}, h('tr', {}, ['Schedule', 'State', 'When', 'Time zone', 'Next firing', 'Last firing', 'Created by']
                .map(t => h('th', { scope: 'col' }, t)))), body)),
        paging,
        ...scheduleForm(ctx, () => list.now()),
        ...windowsPart(ctx),
        zones, collectionNames));

    const list = ctx.poll(async () => {
        let page;
        try {
            page = await api.get(`schedules?offset=${offset}&limit=${PAGE}`);
        } catch (error) {
            if (ctx.alive()) add(clear(message), problemBox(error));
            return 10000;
        }
        if (!ctx.alive()) return 0;
        clear(body);
        for (const s of page.items) {
            add(body, h('tr', { 'data-schedule': s.id, 'data-name': s.name, 'data-state': s.state },
                h('th', { scope: 'row' }, h('a', { href: `#/schedules/${s.id}` }, s.name),
                    s.description ? h('div', { class: 'muted small' }, s.description) : null),
                h('td', { 'data-col': 'state' }, badge(s.state)),
                h('td', { 'data-col': 'when' }, when(s)),
                h('td', { 'data-col': 'zone' }, s.timeZone),
                h('td', { 'data-col': 'next' }, nextCell(s)),
                h('td', { 'data-col': 'last' }, lastCell(s.lastFiring, s.timeZone)),
                h('td', {}, s.createdBy)));
        }
        if (page.total === 0) {
            add(body, h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No schedule yet: create one below.')));
        }
        add(clear(paging), pager(page, o => { offset = o; list.now(); }, 'schedules'));
        return 15000;
    }, 15000);

    // the collections the inventory systems pushed, offered to the window form and the targets
    api.get('collections?limit=1000').then(page => {
        if (ctx.alive()) add(clear(collectionNames), page.items.map(c => h('option', { value: c.name })));
    }, error => console.warn('collections not listed', error));
}

// ---- a new schedule ----

function scheduleForm(ctx, created) {
    const name = h('input', { type: 'text', autocomplete: 'off', maxlength: 255, size: 32, required: true });
    const description = h('input', { type: 'text', autocomplete: 'off', maxlength: 1024, size: 48 });
    const areas = {
        names: h('textarea', { rows: 3, placeholder: 'PC-1042\nPC-1043' }),
        collections: h('textarea', { rows: 3, placeholder: 'Lab 3' }),
        macs: h('textarea', { rows: 3, placeholder: 'aa:bb:cc:dd:ee:01' }),
    };
    const repeat = h('input', { type: 'radio', name: 'mode', id: 'mode-cron', value: 'cron', checked: 'checked' });
    const once = h('input', { type: 'radio', name: 'mode', id: 'mode-at', value: 'at' });
    const cron = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', size: 24, placeholder: '0 6 * * MON-FRI', class: 'mono' });
    const at = h('input', { type: 'datetime-local', step: 60 });
    const zone = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', size: 24, list: 'time-zones', value: browserZone() });
    const startsAt = h('input', { type: 'datetime-local', step: 60 });
    const endsAt = h('input', { type: 'datetime-local', step: 60 });
    const spread = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', size: 6, value: '0' });
    const grace = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', size: 6, value: '15' });
    const verify = h('input', { type: 'checkbox', id: 'schedule-verify' });
    const cronField = field({ name: 'cron', label: 'Cron expression', control: cron,
        hint: 'minute hour day-of-month month day-of-week, e.g. 0 6 * * MON-FRI or */30 7-18 * * *; or @daily, @weekly, @monthly…' });
    const atField = field({ name: 'at', label: 'At', control: at, hint: 'The local time in the time zone below.' });
    // (a plain wrapper to hide: the grid's display would override the hidden attribute)
    const rangeFields = h('div', {}, h('div', { class: 'columns' },
        field({ name: 'startsAt', label: 'Starts (optional)', control: startsAt, hint: 'No firing before; local time in the time zone.' }),
        field({ name: 'endsAt', label: 'Ends (optional)', control: endsAt, hint: 'No firing after; local time in the time zone.' })));
    const previewTitle = h('p', { class: 'preview-title', id: 'schedule-preview-title', 'aria-live': 'polite' });
    const previewList = h('ol', { class: 'firing-list', id: 'schedule-preview-firings', 'aria-labelledby': 'schedule-preview-title' });
    const preview = h('div', { class: 'preview', id: 'schedule-preview' }, previewTitle, previewList);
    const formMessage = h('div', { id: 'schedule-form-message' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'create-schedule' }, 'Create schedule');
    const form = h('form', { id: 'schedule-form', class: 'schedule-form', novalidate: true, 'aria-labelledby': 'new-schedule-heading' },
        h('div', { class: 'columns' },
            field({ name: 'name', label: 'Name', control: name, hint: 'Unique.' }),
            field({ name: 'description', label: 'Description (optional)', control: description })),
        h('fieldset', {}, h('legend', {}, 'Targets (one per line or separated by commas)'),
            h('div', { class: 'columns' },
                field({ name: 'names', label: 'Machine names', control: areas.names, hint: 'Case-insensitive; every machine with the name.' }),
                field({ name: 'collections', label: 'Collections', control: areas.collections, hint: 'A collection’s maintenance windows apply.' }),
                field({ name: 'macs', label: 'MAC addresses', control: areas.macs, hint: 'aa:bb:cc:dd:ee:ff, AA-BB-…, aabb.ccdd.eeff' }))),
        h('fieldset', {}, h('legend', {}, 'When'),
            h('div', { class: 'choice', role: 'radiogroup', 'aria-label': 'Repeat or once' },
                h('div', { class: 'check' }, repeat, h('label', { for: 'mode-cron' }, 'Repeat (cron)')),
                h('div', { class: 'check' }, once, h('label', { for: 'mode-at' }, 'Once (at)'))),
            h('div', { class: 'columns' }, h('div', {}, cronField, atField),
                field({ name: 'timeZone', label: 'Time zone', control: zone, hint: 'IANA name, e.g. Europe/Berlin; the cron expression is read in it.' })),
            rangeFields, preview),
        h('fieldset', {}, h('legend', {}, 'How'),
            h('div', { class: 'columns' },
                field({ name: 'spread', label: 'Spread', control: spread, unit: 'minutes',
                    hint: 'Each firing’s wakes are queued over this time (0: all at once; at most 1,440).' }),
                field({ name: 'grace', label: 'Grace', control: grace, unit: 'minutes',
                    hint: 'A firing no server could run on time still runs this long after it was due (1 to 10,080).' })),
            h('div', { class: 'check' }, verify, h('label', { for: 'schedule-verify' }, 'Verify that each machine wakes up (and re-send when it does not)'))),
        formMessage, submit);

    function mode() {
        return once.checked ? 'at' : 'cron';
    }

    function showMode() {
        cronField.hidden = mode() !== 'cron';
        atField.hidden = mode() !== 'at';
        rangeFields.hidden = mode() !== 'cron';
    }

    /** cron or at, timeZone, startsAt and endsAt as the API takes them; null while the expression or instant is empty. */
    function calendar() {
        const z = zone.value.trim();
        const c = {};
        if (mode() === 'cron') {
            if (!cron.value.trim()) return null;
            c.cron = cron.value.trim();
            if (startsAt.value) c.startsAt = instantIn(startsAt.value, z);
            if (endsAt.value) c.endsAt = instantIn(endsAt.value, z);
        } else {
            if (!at.value) return null;
            c.at = instantIn(at.value, z);
        }
        if (z) c.timeZone = z;
        return c;
    }

    // ---- the live preview: the next 5 firings of what is typed, the API's message next to a bad field ----
    let previewTimer = null;
    let previewSeq = 0;

    /** Shows the preview's violations next to the calendar fields, without moving the focus (the user is typing). */
    function markCalendar(violations) {
        const rest = [];
        for (const f of CALENDAR) {
            const slot = form.querySelector(`.field-error[data-for="${f}"]`);
            clear(slot).hidden = true;
            form.elements.namedItem(f).removeAttribute('aria-invalid');
        }
        for (const v of violations) {
            if (!CALENDAR.includes(v.field)) {
                rest.push(v);
                continue;
            }
            const slot = form.querySelector(`.field-error[data-for="${v.field}"]`);
            slot.hidden = false;
            add(slot, h('span', { class: 'field-message' }, v.message));
            form.elements.namedItem(v.field).setAttribute('aria-invalid', 'true');
        }
        return rest;
    }

    function schedulePreview() {
        clearTimeout(previewTimer);
        previewTimer = setTimeout(runPreview, 400);
    }

    async function runPreview() {
        const seq = ++previewSeq;
        const c = calendar();
        if (!c) {
            markCalendar([]);
            previewTitle.textContent = mode() === 'cron' ? 'Type a cron expression to see its next firings.' : 'Choose when it fires to see it here.';
            clear(previewList);
            return;
        }
        try {
            // only the calendar matters here: a stand-in name and target keep unfinished ones out of the preview
            const next = (await api.post('schedules/preview?count=5', { name: 'preview', resourceIds: ['preview'], ...c })).data;
            if (seq !== previewSeq || !ctx.alive()) return;
            markCalendar([]);
            clear(previewList);
            previewTitle.textContent = next.firings.length
                ? `Next ${next.firings.length === 1 ? 'firing' : `${next.firings.length} firings`} (${next.timeZone}):`
                : 'It would never fire again (its end, or its instant, has passed).';
            for (const f of next.firings) {
                add(previewList, h('li', { 'data-at': f.at }, zoned(f.at, next.timeZone), ' ', h('code', { class: 'muted small' }, f.local)));
            }
        } catch (error) {
            if (!error.problem) throw error;
            if (seq !== previewSeq || !ctx.alive()) return;
            clear(previewList);
            const rest = markCalendar(error.errors);
            previewTitle.textContent = rest.length || !error.errors.length
                ? `No preview: ${[error.message, ...rest.map(v => v.message)].join('; ')}`
                : 'No preview: see the field marked above.';
        }
    }

    for (const control of [cron, at, zone, startsAt, endsAt]) {
        control.addEventListener('input', schedulePreview);
    }
    for (const radio of [repeat, once]) {
        radio.addEventListener('change', () => { showMode(); schedulePreview(); });
    }
    showMode();
    runPreview();

    form.addEventListener('submit', async e => {
        e.preventDefault();
        clear(formMessage);
        const lists = {};
        const body = { name: name.value.trim() };
        if (description.value.trim()) body.description = description.value.trim();
        for (const t of TARGETS) {
            lists[t] = items(areas[t].value);
            if (lists[t].length) body[t] = lists[t];
        }
        if (verify.checked) body.verify = true;
        const z = zone.value.trim();
        if (z) body.timeZone = z;
        if (mode() === 'cron') {
            body.cron = cron.value.trim();
            if (startsAt.value) body.startsAt = instantIn(startsAt.value, z);
            if (endsAt.value) body.endsAt = instantIn(endsAt.value, z);
        } else if (at.value) {
            body.at = instantIn(at.value, z);
        }
        const local = [];
        for (const [key, control] of [['spread', spread], ['grace', grace]]) {
            const n = minutes(control.value);
            if (n === null) {
                local.push({ field: key, message: 'a whole number of minutes' });
            } else if (key === 'grace' || n > 0) {
                body[key] = `PT${n}M`;
            }
        }
        if (local.length) {
            showFieldErrors(form, { errors: local }, f => f);
            return;
        }
        submit.disabled = true;
        try {
            const s = (await api.post('schedules', body)).data;
            showFieldErrors(form, null, () => null);
            form.reset();
            zone.value = z;
            repeat.checked = true;
            showMode();
            runPreview();
            add(formMessage, h('p', { class: 'note', role: 'status' }, `Schedule “${s.name}” created`,
                s.nextFiringAt ? [': next firing ', zoned(s.nextFiringAt, s.timeZone), '. '] : '. ',
                h('a', { href: `#/schedules/${s.id}` }, 'Open it')));
            announce(`Schedule ${s.name} created`);
            created();
        } catch (error) {
            if (!error.problem) throw error;
            // "macs[2]" → the MACs field, naming the item the message is about (as the Wake view does)
            const rest = showFieldErrors(form, {
                errors: error.errors.map(v => {
                    const m = /^(names|collections|macs)\[(\d+)\]$/.exec(v.field);
                    return m ? { field: m[1], message: `“${lists[m[1]][Number(m[2])]}”: ${v.message}` } : v;
                }),
            }, f => {
                if (f === 'cron' && mode() === 'at') return 'at';   // "give either cron or at": next to the field shown
                return ['name', 'description', ...TARGETS, ...CALENDAR, 'spread', 'grace'].includes(f) ? f : null;
            });
            add(formMessage, problemBox({ status: error.status, problem: error.problem, errors: rest }));
        } finally {
            submit.disabled = false;
        }
    });

    return [h('h2', { id: 'new-schedule-heading' }, 'New schedule'), form];
}

// ---- maintenance windows ----

function windowsPart(ctx) {
    const message = h('div', { class: 'messages', id: 'windows-message' });
    const body = h('tbody');
    const paging = h('div');
    let offset = 0;
    const controls = {
        name: h('input', { type: 'text', id: 'window-name', autocomplete: 'off', maxlength: 255, size: 20 }),
        collection: h('input', { type: 'text', id: 'window-collection', autocomplete: 'off', maxlength: 255, size: 20, list: 'collection-names' }),
        cron: h('input', { type: 'text', id: 'window-cron', autocomplete: 'off', spellcheck: 'false', size: 16, placeholder: '0 22 * * MON-FRI', class: 'mono' }),
        timeZone: h('input', { type: 'text', id: 'window-timeZone', autocomplete: 'off', spellcheck: 'false', size: 18, list: 'time-zones', value: browserZone() }),
        durationMinutes: h('input', { type: 'text', id: 'window-durationMinutes', inputmode: 'numeric', autocomplete: 'off', size: 6, value: '240' }),
        rule: h('select', { id: 'window-rule' }, h('option', { value: 'defer' }, 'defer'), h('option', { value: 'refuse' }, 'refuse')),
    };
    const formMessage = h('div');
    const addButton = h('button', { type: 'submit', class: 'primary', id: 'add-window' }, 'Add window');
    const form = h('form', { id: 'window-form', class: 'toolbar', novalidate: true, 'aria-label': 'Add a maintenance window' },
        field({ name: 'name', label: 'Name', control: controls.name }),
        field({ name: 'collection', label: 'Collection', control: controls.collection }),
        field({ name: 'cron', label: 'Opens (cron)', control: controls.cron }),
        field({ name: 'timeZone', label: 'Time zone', control: controls.timeZone }),
        field({ name: 'durationMinutes', label: 'Open for', control: controls.durationMinutes, unit: 'minutes' }),
        field({ name: 'rule', label: 'Outside it', control: controls.rule }),
        h('div', { class: 'toolbar-buttons' }, addButton),
        formMessage);
    form.addEventListener('submit', async e => {
        e.preventDefault();
        clear(formMessage);
        const text = controls.durationMinutes.value.trim();
        const w = {
            name: controls.name.value.trim(), collection: controls.collection.value.trim(), cron: controls.cron.value.trim(),
            timeZone: controls.timeZone.value.trim() || 'UTC', rule: controls.rule.value,
            durationMinutes: /^-?\d+$/.test(text) ? Number(text) : text,   // as typed otherwise: the API names it
        };
        addButton.disabled = true;
        try {
            const created = (await api.post('windows', w)).data;
            showFieldErrors(form, null, () => null);
            controls.name.value = '';
            add(clear(message), h('p', { class: 'note', role: 'status' },
                `Maintenance window “${created.name}” added to ${created.collection}.`));
            announce(`Maintenance window ${created.name} added`);
            windows.now();
        } catch (error) {
            if (!error.problem) throw error;
            const rest = showFieldErrors(form, error, f => (Object.keys(controls).includes(f) ? f : null));
            add(formMessage, problemBox({ status: error.status, problem: error.problem, errors: rest }));
        } finally {
            addButton.disabled = false;
        }
    });

    async function remove(w) {
        const removed = await dialog({
            title: `Delete maintenance window “${w.name}”?`,
            content: h('p', {}, `Wakes of ${w.collection} are no longer held to it${w.rule === 'refuse' ? '' : ' (nor deferred to its openings)'}.`),
            confirmLabel: 'Delete window', danger: true,
            action: () => api.del(`windows/${w.id}`),
        });
        if (removed) {
            add(clear(message), h('p', { class: 'note', role: 'status' }, `Maintenance window “${w.name}” deleted.`));
            announce(`Maintenance window ${w.name} deleted`);
            windows.now();
        }
    }

    const windows = ctx.poll(async () => {
        let page;
        try {
            page = await api.get(`windows?offset=${offset}&limit=${PAGE}`);
        } catch (error) {
            if (ctx.alive()) add(clear(message), problemBox(error));
            return 30000;
        }
        if (!ctx.alive()) return 0;
        clear(body);
        for (const w of page.items) {
            add(body, h('tr', { 'data-window': w.id, 'data-name': w.name },
                h('th', { scope: 'row' }, w.name),
                h('td', { 'data-col': 'collection' }, h('a', { href: `#/inventory/collections/${encodeURIComponent(w.collection)}` }, w.collection)),
                h('td', { 'data-col': 'cron' }, h('code', {}, w.cron)),
                h('td', {}, w.timeZone),
                h('td', { class: 'num', 'data-col': 'duration' }, `${number(w.durationMinutes)} min`),
                h('td', { 'data-col': 'rule' }, w.rule),
                h('td', { 'data-col': 'open' }, h('span', { class: `badge window-${w.openNow ? 'open' : 'closed'}` }, w.openNow ? 'open' : 'closed')),
                h('td', { 'data-col': 'next' }, zoned(w.nextOpening, w.timeZone)),
                h('td', {}, w.createdBy),
                h('td', { class: 'actions' }, h('button', { type: 'button', class: 'small danger', 'data-action': 'delete-window',
                    'aria-label': `Delete maintenance window ${w.name}`, onclick: () => remove(w) }, 'Delete…'))));
        }
        if (page.total === 0) {
            add(body, h('tr', {}, h('td', { colspan: 10, class: 'muted' }, 'No maintenance window: collections may be woken at any time.')));
        }
        add(clear(paging), pager(page, o => { offset = o; windows.now(); }, 'windows'));
        return 30000;
    }, 30000);

    return [
        h('h2', { id: 'windows-heading' }, 'Maintenance windows'),
        h('p', { class: 'hint' }, 'A window opens at the firings of its cron expression in its time zone and stays open for its duration. A wake of its collection outside every window of the collection is deferred to the next opening (defer) or refused (refuse). Machines named directly are not held to their collections’ windows.'),
        form, message,
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'windows-table', 'aria-labelledby': 'windows-heading' },
            h('thead', {}, h('tr', {}, ['Window', 'Collection', 'Opens (cron)', 'Time zone', 'Open for', 'Outside it', 'Open now', 'Next opening', 'Created by', 'Actions']
                .map(t => h('th', { scope: 'col' }, t)))), body)),
        paging,
    ];
}

// ---- one schedule ----

async function schedule(root, ctx, id) {
    const heading = h('h1', {}, `Schedule ${id}`);
    const facts = h('dl', { class: 'facts', id: 'schedule-facts' });
    const message = h('div', { class: 'messages', id: 'schedule-message' });
    const runResult = h('div', { id: 'run-result' });
    const owner = h('p', { class: 'hint', id: 'schedule-owner' });
    const pause = h('button', { type: 'button', class: 'secondary', id: 'pause-schedule', hidden: true, onclick: () => act('pause') }, 'Pause');
    const resume = h('button', { type: 'button', class: 'secondary', id: 'resume-schedule', hidden: true, onclick: () => act('resume') }, 'Resume');
    const run = h('button', { type: 'button', class: 'primary', id: 'run-schedule', onclick: runNow }, 'Run now');
    const remove = h('button', { type: 'button', class: 'danger', id: 'delete-schedule', onclick: deleteSchedule }, 'Delete…');
    const nextTitle = h('p', { class: 'muted', id: 'next-firings-note' });
    const nextList = h('ol', { class: 'firing-list', id: 'next-firings', 'aria-labelledby': 'next-heading' });
    const firingsBody = h('tbody');
    const firingsPaging = h('div');
    let offset = 0;
    let current = null;

    add(root, h('section', { class: 'view' },
        h('p', {}, h('a', { href: '#/schedules' }, '← Schedules')),
        heading, facts,
        h('div', { class: 'toolbar-buttons', id: 'schedule-actions' }, pause, resume, run, remove), owner,
        message, runResult,
        h('h2', { id: 'next-heading' }, 'Next firings'), nextTitle, nextList,
        h('h2', { id: 'firings-heading' }, 'Firings'),
        h('p', { class: 'hint' }, 'Newest due first; each firing that ran is a wake job.'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'firings-table', 'aria-labelledby': 'firings-heading' },
            h('thead', {}, h('tr', {}, ['Due', 'Outcome', 'Job', 'Job state', 'Reason', 'Recorded', 'Server']
                .map(t => h('th', { scope: 'col' }, t)))), firingsBody)),
        firingsPaging));

    function show(s) {
        current = s;
        heading.textContent = `Schedule ${s.name}`;
        document.title = `${s.name} · Schedules · Reveille console`;
        add(clear(facts),
            h('dt', {}, 'State'), h('dd', { id: 'schedule-state' }, badge(s.state)),
            s.description ? [h('dt', {}, 'Description'), h('dd', {}, s.description)] : null,
            h('dt', {}, 'When'), h('dd', { id: 'schedule-when' }, when(s)),
            h('dt', {}, 'Time zone'), h('dd', {}, s.timeZone),
            h('dt', {}, 'Next firing'), h('dd', { id: 'schedule-next' }, nextCell(s)),
            h('dt', {}, 'Last firing'), h('dd', { id: 'schedule-last' }, lastCell(s.lastFiring, s.timeZone)),
            h('dt', {}, 'Targets'), h('dd', {}, targets(s)),
            h('dt', {}, 'Verification'), h('dd', {}, s.verify ? 'on' : 'off'),
            s.startsAt ? [h('dt', {}, 'Starts'), h('dd', {}, zoned(s.startsAt, s.timeZone))] : null,
            s.endsAt ? [h('dt', {}, 'Ends'), h('dd', {}, zoned(s.endsAt, s.timeZone))] : null,
            h('dt', {}, 'Spread'), h('dd', {}, span(s.spread, 'none: all at once')),
            h('dt', {}, 'Grace'), h('dd', {}, span(s.grace)),
            h('dt', {}, 'Created'), h('dd', {}, time(s.createdAt), ` by ${s.createdBy}`),
            h('dt', {}, 'Changed'), h('dd', {}, time(s.updatedAt)));
        const toggleHadFocus = [pause, resume].includes(document.activeElement);
        pause.hidden = s.state !== 'active';
        resume.hidden = s.state !== 'paused';
        if (toggleHadFocus) {
            (s.state === 'active' ? pause : s.state === 'paused' ? resume : run).focus();
        }
        owner.textContent = s.createdBy === ctx.me.user ? 'You created this schedule.'
            : `Created by ${s.createdBy}: only they or an administrator may pause, resume, run or delete it.`;
    }

    function showNext(next) {
        clear(nextList);
        for (const f of next.firings) {
            add(nextList, h('li', { 'data-at': f.at }, zoned(f.at, next.timeZone), ' ', h('code', { class: 'muted small' }, f.local)));
        }
        nextTitle.textContent = next.firings.length ? `In ${next.timeZone}, with the UTC offset of each:`
            : `None: the schedule is ${current ? current.state : 'not active'}.`;
    }

    function showFirings(page) {
        clear(firingsBody);
        const zone = current ? current.timeZone : 'UTC';
        for (const f of page.items) {
            add(firingsBody, h('tr', { 'data-outcome': f.outcome, 'data-job': f.job || null },
                h('td', {}, zoned(f.dueAt, zone)),
                h('td', { 'data-col': 'outcome' }, outcome(f.outcome)),
                h('td', { 'data-col': 'job' }, jobLink(f.job)),
                h('td', { 'data-col': 'job-state' }, f.jobState ? h('span', { class: `badge job-${f.jobState}` }, f.jobState) : h('span', { class: 'muted' }, '—')),
                h('td', { class: 'reason' }, f.reason || ''),
                h('td', {}, time(f.recordedAt)),
                h('td', { class: 'small' }, f.node || '')));
        }
        if (page.total === 0) {
            add(firingsBody, h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No firing yet.')));
        }
        add(clear(firingsPaging), pager(page, o => { offset = o; refresher.now(); }, 'firings'));
    }

    async function act(verb) {
        const button = verb === 'pause' ? pause : resume;
        clear(message);
        button.disabled = true;
        try {
            const s = (await api.post(`schedules/${id}/${verb}`)).data;
            if (!ctx.alive()) return;
            show(s);
            const text = verb === 'pause' ? `Schedule “${s.name}” paused: it does not fire until resumed.`
                : `Schedule “${s.name}” resumed: firings that fell due while paused are not made up.`;
            add(message, h('p', { class: 'note', role: 'status' }, text));
            announce(verb === 'pause' ? 'Schedule paused' : 'Schedule resumed');
            refresher.now();
        } catch (error) {
            if (!error.problem) throw error;
            add(clear(message), problemBox(error));
        } finally {
            button.disabled = false;
        }
    }

    async function runNow() {
        clear(message);
        clear(runResult);
        run.disabled = true;
        try {
            const accepted = (await api.post(`schedules/${id}/run`)).data;
            if (!ctx.alive()) return;
            add(runResult, h('p', { class: 'note', role: 'status' }, 'Run now: ', jobLink(accepted.jobId), ' started',
                accepted.deferredTo ? [', deferred to ', time(accepted.deferredTo), ` by maintenance window ${accepted.window || ''}`] : '',
                '.'));
            announce(`Wake job ${accepted.jobId} started`);
            refresher.now();
        } catch (error) {
            if (!error.problem) throw error;
            add(clear(message), problemBox(error));
        } finally {
            run.disabled = false;
        }
    }

    async function deleteSchedule() {
        clear(message);
        const name = current ? current.name : id;
        const deleted = await dialog({
            title: `Delete schedule “${name}”?`,
            content: [
                current ? h('p', {}, current.cron ? ['Fires ', h('code', {}, current.cron), ` in ${current.timeZone}`] : ['Fires once, ', zoned(current.at, current.timeZone)],
                    `; created by ${current.createdBy}.`) : null,
                h('p', {}, 'It no longer fires; its firings are deleted. The wake jobs it started stay.'),
            ],
            confirmLabel: 'Delete schedule', danger: true,
            action: () => api.del(`schedules/${id}`),
        });
        if (deleted) {
            flash = `Schedule “${name}” deleted.`;
            announce(flash);
            ctx.navigate('#/schedules');
        }
    }

    const refresher = ctx.poll(async () => {
        try {
            const [s, next, firings] = await Promise.all([api.get(`schedules/${id}`), api.get(`schedules/${id}/next?count=10`),
                api.get(`schedules/${id}/firings?offset=${offset}&limit=20`)]);
            if (!ctx.alive()) return 0;
            show(s);
            showNext(next);
            showFirings(firings);
            return firings.items.some(f => f.jobState === 'running') ? 2000 : 10000;
        } catch (error) {
            if (ctx.alive()) add(clear(message), problemBox(error));
            return 10000;
        }
    }, 10000);
}

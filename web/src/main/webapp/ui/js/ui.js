// Small DOM helpers shared by the views: element building, announcements, dialogs, problems, times, paging.

/** h('button', {class: 'x', onclick: f, 'aria-label': '…'}, 'text', child, [children]) */
export function h(tag, props = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            el.addEventListener(name.slice(2), value);
        } else if (name === 'class') {
            el.className = value;
        } else if (name === 'text') {
            el.textContent = value;
        } else if (name in el && typeof value !== 'string') {
            el[name] = value;
        } else {
            el.setAttribute(name, value === true ? '' : value);
        }
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(el, child);
        } else {
            el.append(child instanceof Node ? child : String(child));
        }
    }
}

/** Appends children, skipping null, undefined and false (the DOM's own append would print them). */
export function add(el, ...children) {
    append(el, children);
    return el;
}

export function clear(el) {
    el.replaceChildren();
    return el;
}

/** Tells screen-reader users what changed (the page has one polite live region). */
export function announce(text) {
    const region = document.getElementById('announcer');
    region.textContent = '';
    setTimeout(() => { region.textContent = text; }, 50);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A <time> with the local date and time, and how long ago (or how soon) as its title. */
export function time(iso, empty = '—') {
    if (!iso) {
        return h('span', { class: 'muted' }, empty);
    }
    const when = new Date(iso);
    return h('time', { datetime: iso, title: `${relative(iso)} (${iso})` }, dateTime.format(when));
}

export function relative(iso) {
    const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
    const span = duration(Math.abs(seconds));
    return seconds >= 0 ? `${span} ago` : `in ${span}`;
}

/** A span of seconds in the largest fitting unit: "45 s", "12 min", "5 h", "3 days". */
export function duration(seconds) {
    return seconds < 60 ? `${seconds} s` : seconds < 3600 ? `${Math.round(seconds / 60)} min`
        : seconds < 172800 ? `${Math.round(seconds / 3600)} h` : `${Math.round(seconds / 86400)} days`;
}

export function number(n) {
    return new Intl.NumberFormat().format(n);
}

/** An alert box for an API problem: title, detail and each violation. */
export function problemBox(error) {
    const problem = error.problem || {};
    const errors = error.errors || [];
    return h('div', { class: 'problem', role: 'alert' },
        h('strong', {}, problem.title || 'Request failed', error.status ? ` (${error.status})` : ''),
        problem.detail ? h('p', {}, problem.detail) : null,
        errors.length ? h('ul', {}, errors.map(e => h('li', {}, e.field ? `${e.field}: ${e.message}` : e.message))) : null,
        problem.errorId && error.status >= 500 ? h('p', { class: 'muted' }, `Error id ${problem.errorId}`) : null);
}

export function showProblem(container, error) {
    clear(container).append(problemBox(error));
}

export function showNote(container, text) {
    clear(container).append(h('p', { class: 'note', role: 'status' }, text));
}

/**
 * Shows each violation of a 400 next to its field: fieldOf(path) names the form control for a problem's
 * field path (or null). Returns the violations no field took. The first bad field gets the focus.
 */
export function showFieldErrors(form, error, fieldOf) {
    form.querySelectorAll('.field-error').forEach(p => { p.textContent = ''; p.hidden = true; });
    form.querySelectorAll('[aria-invalid]').forEach(c => c.removeAttribute('aria-invalid'));
    const rest = [];
    let first = null;
    for (const violation of error ? error.errors : []) {
        const name = fieldOf(violation.field);
        const control = name ? form.elements.namedItem(name) : null;
        const slot = name ? form.querySelector(`.field-error[data-for="${CSS.escape(name)}"]`) : null;
        if (!control || !slot) {
            rest.push(violation);
            continue;
        }
        slot.hidden = false;
        slot.append(h('span', { class: 'field-message' }, violation.message));
        control.setAttribute('aria-invalid', 'true');
        first = first || control;
    }
    if (first) {
        first.focus();
    }
    return rest;
}

/** A labelled form control with its hint and an error slot (aria-describedby links all three). */
export function field({ name, label, control, hint, unit }) {
    const id = control.id || `field-${name}`;
    control.id = id;
    control.name = name;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    control.setAttribute('aria-describedby', hint ? `${hintId} ${errorId}` : errorId);
    return h('div', { class: 'field' },
        h('label', { for: id }, label),
        h('div', { class: 'control' }, control, unit ? h('span', { class: 'unit' }, unit) : null),
        hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
        h('p', { class: 'field-error', id: errorId, 'data-for': name, hidden: true }));
}

/**
 * A modal dialog. content: nodes (fields go in a form). action(form) runs on confirm; when it throws an
 * ApiError the problem is shown in the dialog, which stays open. Resolves to action's result, or null when
 * cancelled. Focus returns to where it was.
 */
export function dialog({ title, content = [], confirmLabel = 'OK', danger = false, action = async () => true, fieldOf }) {
    const opener = document.activeElement;
    return new Promise(resolve => {
        const titleId = `dialog-title-${Date.now()}`;
        const problems = h('div', { class: 'dialog-problems' });
        const confirm = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, confirmLabel);
        const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => close(null) }, 'Cancel');
        const form = h('form', { method: 'dialog', novalidate: true },
            h('h2', { id: titleId }, title), content, problems, h('div', { class: 'dialog-buttons' }, cancel, confirm));
        const el = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
        let done = false;
        function close(result) {
            if (done) {
                return;
            }
            done = true;
            el.close();
            el.remove();
            if (opener && opener.isConnected) {
                opener.focus();
            }
            resolve(result);
        }
        el.addEventListener('cancel', e => { e.preventDefault(); close(null); });
        form.addEventListener('submit', async e => {
            e.preventDefault();
            confirm.disabled = true;
            clear(problems);
            try {
                close(await action(form));
            } catch (error) {
                if (!error.problem) {
                    throw error;
                }
                const rest = fieldOf ? showFieldErrors(form, error, fieldOf) : error.errors;
                problems.append(problemBox({ status: error.status, problem: error.problem, errors: rest }));
                confirm.disabled = false;
            }
        });
        document.body.append(el);
        el.showModal();
        const first = form.querySelector('input, select, textarea');
        (first || (danger ? cancel : confirm)).focus();
    });
}

/** Previous/next paging for an {items, total, offset, limit} list. */
export function pager(page, onPage, noun = 'items') {
    const from = page.total === 0 ? 0 : page.offset + 1;
    const to = page.offset + page.items.length;
    return h('div', { class: 'pager' },
        h('span', { class: 'range' }, `${number(from)}–${number(to)} of ${number(page.total)} ${noun}`),
        h('button', { type: 'button', class: 'secondary', disabled: page.offset === 0,
            onclick: () => onPage(Math.max(0, page.offset - page.limit)) }, 'Previous'),
        h('button', { type: 'button', class: 'secondary', disabled: to >= page.total,
            onclick: () => onPage(page.offset + page.limit) }, 'Next'));
}

/** Splits a textarea's text into items: one per line or separated by commas. */
export function items(text) {
    return text.split(/[\n,;]/).map(s => s.trim()).filter(Boolean);
}

/** Saves text as a file the browser downloads. */
export function download(filename, text, type = 'text/csv;charset=utf-8') {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = h('a', { href: url, download: filename, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** One CSV field: quoted, and a leading =, +, - or @ neutralised so spreadsheets do not run it as a formula. */
export function csvField(value) {
    let text = value === undefined || value === null ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) {
        text = `'${text}`;
    }
    return `"${text.replace(/"/g, '""')}"`;
}

export function badge(state) {
    return h('span', { class: `badge state-${state}` }, state);
}

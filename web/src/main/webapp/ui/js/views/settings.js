// Settings: every run-time knob from the catalog; admins change any subset, and each violation the API
// reports is shown next to its field.
import { api } from '../api.js';
import { add, announce, clear, field, h, problemBox, showFieldErrors } from '../ui.js';

export async function render(root, ctx) {
    const admin = ctx.can('admin');
    const message = h('div', { class: 'messages', id: 'settings-message' });
    const section = h('section', { class: 'view' },
        h('h1', {}, 'Settings'),
        h('p', { class: 'lead' }, 'Stored in the database and shared by every server; a change applies at once. One bad value rejects the whole change.'),
        admin ? null : h('p', { class: 'note' }, 'Only administrators change settings.'),
        message);
    add(root, section);
    let catalog;
    let current;
    try {
        [catalog, current] = await Promise.all([api.get('settings/catalog'), api.get('settings')]);
    } catch (error) {
        add(section, problemBox(error));
        return;
    }
    const controls = {};
    const form = h('form', { id: 'settings-form', class: 'settings', novalidate: true });
    for (const s of catalog) {
        let control;
        if (s.type === 'boolean') {
            control = h('select', {}, h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
        } else if (s.type === 'choice') {
            control = h('select', {}, (s.choices || []).map(c => h('option', { value: c }, c)));
        } else {
            control = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', size: 10 });
        }
        control.id = `setting-${s.name}`;
        control.disabled = !admin;
        controls[s.name] = { control, spec: s };
        add(form, field({ name: s.name, label: s.name, control, unit: s.unit,
            hint: `${s.description} Allowed: ${s.allowed}. Default ${s.default}.` }));
    }
    const save = h('button', { type: 'submit', class: 'primary', id: 'save-settings' }, 'Save changes');
    const reset = h('button', { type: 'button', class: 'secondary', onclick: () => { fill(); clear(message); showFieldErrors(form, null, () => null); } }, 'Undo edits');
    if (admin) {
        add(form, h('div', { class: 'form-buttons' }, reset, save));
    }
    add(section, form);
    fill();

    function fill() {
        for (const [name, { control }] of Object.entries(controls)) {
            control.value = String(current[name]);
        }
    }

    function value(name) {
        const { control, spec } = controls[name];
        if (spec.type === 'boolean') return control.value === 'true';
        if (spec.type === 'integer' && /^-?\d+$/.test(control.value.trim())) return Number(control.value.trim());
        return spec.type === 'integer' ? control.value.trim() : control.value;   // the server names a bad one
    }

    form.addEventListener('submit', async e => {
        e.preventDefault();
        clear(message);
        const changes = {};
        for (const name of Object.keys(controls)) {
            if (String(value(name)) !== String(current[name])) changes[name] = value(name);
        }
        if (Object.keys(changes).length === 0) {
            showFieldErrors(form, null, () => null);
            add(message, h('p', { class: 'note', role: 'status' }, 'Nothing to save: no value was changed.'));
            return;
        }
        save.disabled = true;
        try {
            current = (await api.put('settings', changes)).data;
            fill();
            showFieldErrors(form, null, () => null);
            const text = `Saved: ${Object.entries(changes).map(([k, v]) => `${k} = ${v}`).join(', ')}.`;
            add(message, h('p', { class: 'note', role: 'status' }, text));
            announce(text);
        } catch (error) {
            if (!error.problem) throw error;
            const rest = showFieldErrors(form, error, f => (f in controls ? f : null));
            add(message, problemBox({ status: error.status, problem: error.problem, errors: rest }));
        } finally {
            save.disabled = false;
        }
    });
}

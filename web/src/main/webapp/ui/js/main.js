// The console shell: sign-in, the navigation, and a hash router that shows one view at a time.
import { ApiError, onSignedOut, session, signIn, signOut } from './api.js';
import { add, announce, clear, field, h } from './ui.js';

const ALL = ['admin', 'operator', 'inventory'];
const READERS = ['admin', 'operator'];

/**
 * The views, in navigation order. roles: who may open it (the API decides the same). An address naming no view (as
 * after sign-in) or one the user may not open leads to the first the user may open: the Dashboard, for every role.
 */
const VIEWS = [
    { id: 'dashboard', label: 'Dashboard', roles: ALL, module: './views/dashboard.js' },
    { id: 'agents', label: 'Agents', roles: READERS, module: './views/agents.js' },
    { id: 'wake', label: 'Wake', roles: ALL, module: './views/wake.js' },
    { id: 'schedules', label: 'Schedules', roles: ALL, module: './views/schedules.js' },
    { id: 'jobs', label: 'Wake job', roles: ALL, module: './views/job.js', hidden: true, navAs: 'wake' },
    { id: 'manager', label: 'Agent State Manager', roles: READERS, module: './views/manager.js' },
    { id: 'boundaries', label: 'Boundaries', roles: READERS, module: './views/boundaries.js' },
    { id: 'inventory', label: 'Inventory', roles: ALL, module: './views/inventory.js' },
    { id: 'settings', label: 'Settings', roles: READERS, module: './views/settings.js' },
    { id: 'audit', label: 'Audit', roles: ['admin'], module: './views/audit.js' },
    { id: 'identities', label: 'Identities', roles: ['admin'], module: './views/identities.js' },
];

const main = document.getElementById('main');
let current = null;   // {stop()} of the view on screen

function allowed(view, me) {
    return view.roles.some(role => me.roles.includes(role));
}

function parseHash() {
    const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    return { id: parts[0] || '', params: parts.slice(1), query: new URLSearchParams(query) };
}

function renderNav(me, activeId) {
    const list = document.getElementById('nav-list');
    clear(list);
    for (const view of VIEWS.filter(v => !v.hidden && allowed(v, me))) {
        add(list, h('li', {}, h('a', { href: `#/${view.id}`, 'aria-current': view.id === activeId ? 'page' : null }, view.label)));
    }
    document.getElementById('nav').hidden = false;
    document.getElementById('who').hidden = false;
    document.getElementById('who-name').textContent = `${me.user} (${me.roles.join(', ')})`;
}

/** Everything a view gets: its parameters, the user, role checks, and timers that stop when it leaves. */
function context(me, route) {
    const timers = new Set();
    let alive = true;
    return {
        params: route.params,
        query: route.query,
        me,
        can: role => me.roles.includes(role),
        alive: () => alive,
        navigate: hash => { location.hash = hash; },
        /** Runs fn now and then every ms while the page is visible; fn may return a number: the next delay. */
        poll(fn, ms) {
            let timer = null;
            const run = async () => {
                timer = null;
                let next = ms;
                if (document.visibilityState === 'visible') {
                    try {
                        next = (await fn()) || ms;
                    } catch (e) {
                        console.warn('refresh failed', e);
                    }
                }
                if (alive && timers.has(handle)) {
                    timer = setTimeout(run, next);
                }
            };
            const handle = { stop: () => { clearTimeout(timer); timers.delete(handle); }, now: () => { clearTimeout(timer); run(); } };
            timers.add(handle);
            run();
            return handle;
        },
        stop() {
            alive = false;
            timers.forEach(t => t.stop());
        },
    };
}

async function route() {
    if (current) {
        current.stop();
        current = null;
    }
    const me = session();
    if (!me) {
        renderSignIn();
        return;
    }
    const wanted = parseHash();
    const usable = VIEWS.filter(v => allowed(v, me));
    let view = usable.find(v => v.id === wanted.id);
    if (!view) {
        location.replace(`#/${usable[0].id}`);
        return;
    }
    renderNav(me, view.navAs || view.id);
    document.title = `${view.label} · Reveille console`;
    const ctx = context(me, wanted);
    current = ctx;
    clear(main);
    main.setAttribute('data-view', view.id);
    try {
        const module = await import(view.module);
        if (current !== ctx) {
            return;
        }
        await module.render(main, ctx);
    } catch (e) {
        if (current === ctx) {
            add(main, h('div', { class: 'problem', role: 'alert' }, `This view could not be shown: ${e.message}`));
        }
        throw e;
    }
    // Move focus to the view's heading so keyboard and screen-reader users start there.
    const heading = main.querySelector('h1');
    if (heading && current === ctx) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
    }
}

function renderSignIn(reason) {
    document.getElementById('nav').hidden = true;
    document.getElementById('who').hidden = true;
    document.title = 'Sign in · Reveille console';
    main.setAttribute('data-view', 'sign-in');
    const user = h('input', { type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
    const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
    const message = h('div', { id: 'sign-in-message', 'aria-live': 'assertive' },
        reason ? h('p', { class: 'problem', role: 'alert' }, reason) : null);
    const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
    const form = h('form', { id: 'sign-in', class: 'sign-in', novalidate: true },
        h('h1', {}, 'Sign in to Reveille'),
        h('p', { class: 'muted' }, 'Use your Reveille user (the same as for the REST API).'),
        field({ name: 'user', label: 'User name', control: user }),
        field({ name: 'password', label: 'Password', control: password }),
        message, button);
    form.addEventListener('submit', async e => {
        e.preventDefault();
        clear(message);
        if (!user.value || !password.value) {
            add(message, h('p', { class: 'problem', role: 'alert' }, 'Enter your user name and password.'));
            (user.value ? password : user).focus();
            return;
        }
        button.disabled = true;
        try {
            const me = await signIn(user.value.trim(), password.value);
            password.value = '';
            announce(`Signed in as ${me.user}`);
            route();
        } catch (error) {
            const text = error instanceof ApiError && error.status === 401
                ? 'Wrong user name or password.'
                : `Sign-in failed: ${error.message}`;
            add(message, h('p', { class: 'problem', role: 'alert' }, text));
            password.select();
            password.focus();
        } finally {
            button.disabled = false;
        }
    });
    add(clear(main), form);
    user.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
    signOut();
});
onSignedOut(reason => {
    if (current) {
        current.stop();
        current = null;
    }
    announce('Signed out');
    renderSignIn(reason);
});
window.addEventListener('hashchange', route);
route();

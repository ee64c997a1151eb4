// The REST API, called with the signed-in user's HTTP BASIC credentials. Credentials live in sessionStorage only
// (gone when the tab closes); every URL is relative, so the console works over HTTP and HTTPS alike.

const KEY = 'reveille.console.session';
const signedOutListeners = [];

/** An API answer other than 2xx, with its problem+json body (RFC 9457). */
export class ApiError extends Error {
    constructor(status, problem) {
        super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
        this.status = status;
        this.problem = problem || {};
    }

    /** The per-field violations of a 400: [{field, message}]. */
    get errors() {
        return Array.isArray(this.problem.errors) ? this.problem.errors : [];
    }
}

export function session() {
    try {
        return JSON.parse(sessionStorage.getItem(KEY));
    } catch {
        return null;
    }
}

export function onSignedOut(listener) {
    signedOutListeners.push(listener);
}

export function signOut(reason) {
    sessionStorage.removeItem(KEY);
    signedOutListeners.forEach(listener => listener(reason));
}

function basicToken(user, password) {
    const bytes = new TextEncoder().encode(`${user}:${password}`);
    let binary = '';
    bytes.forEach(b => { binary += String.fromCharCode(b); });
    return btoa(binary);
}

/** Checks the credentials with GET /api/me and keeps them for this tab. Throws ApiError (401) when wrong. */
export async function signIn(user, password) {
    const token = basicToken(user, password);
    const me = (await request('me', { token })).data;
    sessionStorage.setItem(KEY, JSON.stringify({ token, user: me.user, roles: me.roles }));
    return session();
}

/**
 * One API call. path is relative to /api ("subnets?limit=100"). Resolves to {status, data, location};
 * rejects with ApiError. A 401 on a signed-in session (password changed, user removed) signs out.
 */
export async function request(path, { method = 'GET', body, token, accept, contentType } = {}) {
    const credentials = token || (session() || {}).token;
    // X-Requested-With: the server then answers a 401 without a Basic challenge, so the browser never opens
    // its own sign-in dialog; credentials 'omit' keeps the browser from adding any it remembers.
    const headers = { Accept: accept || 'application/json, application/problem+json', 'X-Requested-With': 'XMLHttpRequest' };
    if (credentials) {
        headers.Authorization = `Basic ${credentials}`;
    }
    if (body !== undefined) {
        headers['Content-Type'] = contentType || 'application/json';
    }
    let response;
    try {
        response = await fetch(`../api/${path}`, {
            method, headers, credentials: 'omit', cache: 'no-store',
            body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
        });
    } catch (e) {
        throw new ApiError(0, { title: 'Server not reachable', detail: `The Reveille server did not answer (${e.message}).` });
    }
    const text = await response.text();
    let data = null;
    if (text && accept && response.ok) {
        data = text;   // the raw body the caller asked for (CSV)
    } else if (text) {
        try {
            data = JSON.parse(text);
        } catch {
            data = { detail: text.slice(0, 300) };
        }
    }
    if (response.status === 401 && !token && session()) {
        signOut('Your sign-in is no longer accepted by the server: please sign in again.');
    }
    if (!response.ok) {
        throw new ApiError(response.status, data);
    }
    return { status: response.status, data, location: response.headers.get('Location') };
}

export const api = {
    get: path => request(path).then(r => r.data),
    post: (path, body) => request(path, { method: 'POST', body }),
    put: (path, body) => request(path, { method: 'PUT', body }),
    del: path => request(path, { method: 'DELETE' }),
    /** A text body sent as it is (a CSV import). */
    postText: (path, text, contentType) => request(path, { method: 'POST', body: text, contentType }),
    /** The body as text, for non-JSON answers (the audit export's CSV). */
    text: (path, accept) => request(path, { accept: `${accept}, application/problem+json` }).then(r => r.data || ''),
};

/** Every item of a paged list endpoint, 1,000 per request. */
export async function allPages(path) {
    const items = [];
    const sep = path.includes('?') ? '&' : '?';
    for (let offset = 0; ; offset += 1000) {
        const page = await api.get(`${path}${sep}offset=${offset}&limit=1000`);
        items.push(...page.items);
        if (page.items.length === 0 || items.length >= page.total) {
            return items;
        }
    }
}

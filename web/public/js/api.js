// The HTTP API, called with the signed-in user's token. Refusals become ApiError with the API's
// own readable message; a token the API no longer takes sends the user to sign in again.

import {session} from './auth.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Thrown when the user must sign in again; the page answers it by going to the sign-in. */
export class SessionExpired extends Error {
  /** @param refused whether the API refused the token (401), rather than the page finding it expired */
  constructor(refused = false) {
    super('Your session has expired. Sign in again.');
    this.refused = refused;
  }
}

const FALLBACK_MESSAGES = {
  403: 'You may not do that on this hub.',
  404: 'No such hub, or it is not shared with you.',
  429: 'hubstatus is busy; try again in a moment.',
  500: 'hubstatus failed to answer; try again in a moment.',
  502: 'hubstatus failed to answer; try again in a moment.',
  503: 'hubstatus is busy; try again in a moment.',
  504: 'hubstatus took too long to answer; try again in a moment.',
};

export function createApi(config) {
  async function request(method, path, {query, body, headers: extra} = {}) {
    const current = session();
    if (!current) throw new SessionExpired();
    const url = new URL(config.apiBaseUrl + path, location.href);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
    }
    const headers = {authorization: `Bearer ${current.token}`, ...extra};
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    } catch {
      throw new ApiError(0, 'UNREACHABLE', 'hubstatus cannot be reached. Check your connection and try again.');
    }
    if (response.status === 401) throw new SessionExpired(true);
    if (response.status === 204) return null;
    const answer = await response.json().catch(() => null);
    const etag = response.headers.get('etag');
    if (answer && etag) {
      // The hub's version, for an If-Match on its next change: on the hub, whether it is the answer or in it.
      for (const target of [answer, answer.hub].filter(Boolean)) Object.defineProperty(target, 'etag', {value: etag});
    }
    if (!response.ok) {
      const error = answer?.error;
      throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`,
          error?.message ? sentence(error.message) : FALLBACK_MESSAGES[response.status] ?? `hubstatus answered HTTP ${response.status}.`);
    }
    return answer;
  }

  return {
    listHubs: ({status, app, limit, cursor}) => request('GET', '/hubs', {query: {status, app, limit, cursor}}),
    hub: id => request('GET', `/hubs/${encodeURIComponent(id)}`),
    history: (id, cursor) => request('GET', `/hubs/${encodeURIComponent(id)}/history`, {query: {cursor, limit: 20}}),
    connect: (hub, idempotencyKey) => request('POST', '/hubs', {body: hub, headers: {'idempotency-key': idempotencyKey}}),
    change: (id, change, etag) => request('PATCH', `/hubs/${encodeURIComponent(id)}`,
        {body: change, headers: etag ? {'if-match': etag} : {}}),
    // A disconnect the owner confirmed stands whatever changed meanwhile: no If-Match.
    disconnect: id => request('DELETE', `/hubs/${encodeURIComponent(id)}`),
    sync: (id, idempotencyKey) => request('POST', `/hubs/${encodeURIComponent(id)}/sync`,
        {headers: idempotencyKey ? {'idempotency-key': idempotencyKey} : {}}),
    recheck: id => request('POST', `/hubs/${encodeURIComponent(id)}/check`),
    reviews: cursor => request('GET', '/reviews', {query: {cursor, limit: 50}}),
    revalidate: app => request('POST', `/apps/${encodeURIComponent(app)}/revalidation`),
  };
}

/** The API's messages are lower-case clauses ("only an owner of the hub may run a sync"): make them sentences. */
function sentence(message) {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

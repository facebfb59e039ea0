// Sign-in: OpenID Connect's authorization code flow with PKCE (RFC 7636), as a public client.
// The tokens stay in this tab's sessionStorage; closing the tab signs out.

const SESSION = 'hubstatus.session';
const PENDING = 'hubstatus.signin';
/** Sign in again this long before the token expires, rather than have a request refused mid-way. */
const EXPIRY_MARGIN_MS = 30_000;

let discovered;

async function endpoints(config) {
  if (config.authorizationEndpoint && config.tokenEndpoint) {
    return {authorization: config.authorizationEndpoint, token: config.tokenEndpoint};
  }
  if (!discovered) {
    const response = await fetch(`${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`the sign-in service's discovery document could not be read (HTTP ${response.status})`);
    const document = await response.json();
    discovered = {authorization: document.authorization_endpoint, token: document.token_endpoint};
  }
  return discovered;
}

function randomText(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes) {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A JWT's claims, unverified: the page only reads them; the API verifies every token. */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

/** The signed-in session: {token, expiresAt, user, workspace}, or null when there is none or it expired. */
export function session() {
  const stored = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
  if (!stored || Date.now() >= stored.expiresAt - EXPIRY_MARGIN_MS) return null;
  return stored;
}

/** When this tab's session signed in (ms since the epoch), expired or not; 0 when there is none. */
export function signedInAt() {
  return JSON.parse(sessionStorage.getItem(SESSION) ?? 'null')?.signedInAt ?? 0;
}

/** Whether a session was started in this tab and has run out (as opposed to never signed in). */
export function expired() {
  return sessionStorage.getItem(SESSION) !== null && session() === null;
}

export function signOut() {
  sessionStorage.removeItem(SESSION);
}

/** Leaves for the sign-in service; the page comes back with a code, to the view it left. */
export async function signIn(config) {
  const verifier = randomText(48);
  const state = randomText(16);
  const nonce = randomText(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({verifier, state, nonce, returnTo: location.hash}));
  const {authorization} = await endpoints(config);
  const url = new URL(authorization);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(url.href);
}

/**
 * When the address carries the sign-in service's answer (?code=...&state=...), trades the code for
 * tokens and returns the view to go back to; otherwise returns null. Throws with a readable message
 * when the sign-in failed.
 */
export async function completeSignIn(config) {
  const query = new URLSearchParams(location.search);
  if (!query.has('code') && !query.has('error')) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname + (pending?.returnTo ?? ''));
  if (query.has('error')) {
    throw new Error(`sign-in failed: ${query.get('error_description') ?? query.get('error')}`);
  }
  if (!pending || pending.state !== query.get('state')) {
    throw new Error('sign-in failed: the answer does not belong to a sign-in started here; sign in again');
  }
  const {token: tokenEndpoint} = await endpoints(config);
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(`sign-in failed: ${tokens.error_description ?? tokens.error ?? `HTTP ${response.status}`}`);
  }
  const idClaims = claims(tokens.id_token ?? '');
  if (tokens.id_token && idClaims.nonce !== pending.nonce) {
    throw new Error('sign-in failed: the ID token was not issued for this sign-in');
  }
  const token = tokens[config.apiToken] ?? tokens.access_token;
  const tokenClaims = claims(token);
  const expiresAt = tokenClaims.exp ? tokenClaims.exp * 1000 : Date.now() + (tokens.expires_in ?? 3600) * 1000;
  sessionStorage.setItem(SESSION, JSON.stringify({
    token,
    expiresAt,
    signedInAt: Date.now(),
    user: idClaims['cognito:username'] ?? idClaims.preferred_username ?? idClaims.email ?? tokenClaims.sub,
    workspace: tokenClaims[config.workspaceClaim] ?? idClaims[config.workspaceClaim] ?? null,
  }));
  return pending.returnTo || '#/hubs';
}

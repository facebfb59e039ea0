// The page's settings, from config.json beside index.html: the local stack serves its own, a
// deployment uploads one (README, "Deploying to AWS").

const DEFAULTS = {
  apiBaseUrl: '',            // '' is the page's own origin
  issuer: '',                // the OpenID Connect issuer; its discovery document names the endpoints
  clientId: '',
  redirectUri: '',           // '' is the page's own address
  scope: 'openid',
  apiToken: 'access_token',  // or 'id_token', where only the ID token carries the workspace claim
  workspaceClaim: 'workspace_id',
  authorizationEndpoint: '', // optional: instead of the discovery document's
  tokenEndpoint: '',
  refreshSeconds: 30,
};

export async function loadConfig() {
  const response = await fetch(new URL('config.json', document.baseURI), {cache: 'no-store'});
  if (!response.ok) throw new Error(`config.json could not be read (HTTP ${response.status})`);
  const config = {...DEFAULTS, ...(await response.json())};
  if (!config.issuer || !config.clientId) throw new Error('config.json must name the issuer and the clientId');
  config.apiBaseUrl = config.apiBaseUrl.replace(/\/+$/, '');
  config.redirectUri ||= new URL('./', document.baseURI).href;
  return config;
}

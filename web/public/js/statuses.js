// The six statuses (README, "Statuses and reasons"), in the API's order of precedence, and the apps
// a hub can be connected to. Labels and descriptions shown for a hub always come from the API; these
// name the filters before any hub is read.

export const STATUSES = [
  {code: 'UNDER_VALIDATION', label: 'Under validation', symbol: '◔', mustAct: 'NOBODY'},
  {code: 'UNDER_REVIEW', label: 'Under review by Cerby', symbol: '⚑', mustAct: 'OPERATOR'},
  {code: 'REVIEW_CONFIGURATION', label: 'Review configuration', symbol: '!', mustAct: 'OWNER'},
  {code: 'REVIEW_SERVICE_ACCOUNT', label: 'Review service account', symbol: '!', mustAct: 'OWNER'},
  {code: 'REQUIRES_SYNC', label: 'Requires sync', symbol: '↻', mustAct: 'OWNER'},
  {code: 'HEALTHY', label: 'Healthy', symbol: '✓', mustAct: 'NOBODY'},
];

const BY_CODE = Object.fromEntries(STATUSES.map(status => [status.code, status]));

export function statusInfo(code) {
  return BY_CODE[code] ?? {code, label: code, symbol: '?', mustAct: 'NOBODY'};
}

export const APPS = [
  {id: 'meta-business-manager', label: 'Meta Business Manager'},
  {id: 'google-ads', label: 'Google Ads'},
  {id: 'tiktok-business-center', label: 'TikTok Business Center'},
  {id: 'linkedin-campaign-manager', label: 'LinkedIn Campaign Manager'},
];

/**
 * A status badge: a symbol and the label, in the status's colour; the label is what carries the
 * meaning, the colour and symbol only help the eye. `description` adds the API's explanation.
 */
export function badge(h, status, {description = false} = {}) {
  const info = statusInfo(status.code);
  return h('span', {class: 'status', dataset: {status: status.code}},
      h('span', {class: `badge badge-${status.code.toLowerCase().replace(/_/g, '-')}`},
          h('span', {class: 'badge-symbol', 'aria-hidden': 'true'}, info.symbol),
          h('span', {class: 'badge-label'}, status.label ?? info.label)),
      description && status.description ? h('span', {class: 'status-description'}, status.description) : null);
}

// Dates and the API's codes as people read them.

const absolute = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});
const relative = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});

/** "Nov 26, 2026, 4:24 PM". */
export function dateTime(iso) {
  return iso ? absolute.format(new Date(iso)) : '';
}

/**
 * "3 hours ago", "in 23 hours": measured from `now`, the instant the API evaluated the status at,
 * not from the browser's clock, so both sides agree on what "now" is.
 */
export function fromNow(iso, now) {
  if (!iso) return '';
  const seconds = (Date.parse(iso) - Date.parse(now ?? new Date().toISOString())) / 1000;
  const steps = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(0, 'minute') === 'this minute' ? 'just now' : relative.format(0, 'minute');
}

/** A <time> element: the relative time to read, the exact one as its title and datetime. */
export function timeElement(h, iso, now, {prefix = ''} = {}) {
  if (!iso) return h('span', {class: 'muted'}, 'never');
  return h('time', {datetime: iso, title: dateTime(iso)}, prefix + fromNow(iso, now));
}

/** SYNC_SUCCEEDED → "Sync succeeded". */
export function humanize(code) {
  if (!code) return '';
  const words = code.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ACTORS = {OWNER: 'an owner of the hub', OPERATOR: 'Cerby (an operator)', NOBODY: 'nobody: wait'};

/** Who must act, in words. */
export function actor(code) {
  return ACTORS[code] ?? humanize(code);
}

// The Business Hubs table: one row per hub the user sees, tabs per status with the API's counts,
// an app filter, a search by name, and paging by the API's cursor.

import {h, replace, focusHeading} from './dom.js';
import {STATUSES, APPS, badge} from './statuses.js';
import {timeElement, actor} from './format.js';
import {keepFresh, interval, inFlux} from './refresh.js';

const PAGE_SIZE = 50;
/** A search reads the workspace a page at a time, this many hubs a page, keeping only the matches. */
const SEARCH_PAGE_SIZE = 200;
const MAX_SHOWN_MATCHES = 200;

export function hubsView(ctx, params) {
  const filters = {status: params.get('status') ?? '', app: params.get('app') ?? '', q: params.get('q') ?? ''};
  const state = {cursors: [null], page: 0, listing: null, searching: null};

  const heading = h('h1', {}, 'Business Hubs');
  const summary = h('p', {class: 'summary', 'aria-live': 'polite'});
  const tabs = h('nav', {class: 'status-tabs', 'aria-label': 'Filter by status'});
  const appFilter = h('select', {id: 'app-filter', onchange: () => go({app: appFilter.value})},
      h('option', {value: ''}, 'All apps'),
      APPS.map(app => h('option', {value: app.id, selected: app.id === filters.app}, app.label)));
  const search = h('input', {id: 'name-search', type: 'search', value: filters.q, autocomplete: 'off',
    placeholder: 'Name contains…'});
  const searchForm = h('form', {role: 'search', class: 'search', onsubmit: event => {
    event.preventDefault();
    go({q: search.value.trim()});
  }},
  h('label', {for: 'name-search'}, 'Search by name'), search, h('button', {type: 'submit'}, 'Search'));
  const results = h('div', {class: 'results'}, h('p', {class: 'loading'}, 'Loading hubs…'));
  const refreshButton = h('button', {type: 'button', class: 'secondary', onclick: () => (filters.q ? searchAll() : load())},
      'Refresh');

  const view = h('section', {class: 'hubs-view', 'aria-labelledby': 'hubs-heading'},
      h('div', {class: 'view-head'},
          Object.assign(heading, {id: 'hubs-heading'}),
          h('div', {class: 'head-actions'}, refreshButton, h('a', {class: 'button', href: '#/connect'}, 'Connect a hub'))),
      summary,
      tabs,
      h('div', {class: 'filters'},
          h('div', {class: 'field'}, h('label', {for: 'app-filter'}, 'App'), appFilter),
          searchForm),
      results);

  /** Goes to the same view with other filters: a new address, so Back and links work. */
  function go(change) {
    const next = new URLSearchParams(Object.entries({...filters, ...change}).filter(([, value]) => value));
    const query = next.toString();
    ctx.navigate(`#/hubs${query ? `?${query}` : ''}`);
  }

  function renderTabs(counts, total) {
    // Once drawn, a refresh only changes the numbers: the keyboard stays on the tab it was on.
    const drawn = tabs.querySelectorAll('.tab');
    if (drawn.length) {
      for (const tab of drawn) {
        const code = tab.dataset.status;
        tab.querySelector('.count').textContent = String((code === 'ALL' ? total : counts?.[code]) ?? 0);
      }
      return;
    }
    const tab = (code, label, count) => h('a', {
      href: `#/hubs?${new URLSearchParams(Object.entries({status: code, app: filters.app, q: filters.q}).filter(([, v]) => v))}`,
      class: 'tab', 'aria-current': filters.status === code ? 'page' : null, dataset: {status: code || 'ALL'},
    }, h('span', {class: 'tab-label'}, label), ' ', h('span', {class: 'count'}, String(count ?? 0)));
    replace(tabs, h('ul', {}, h('li', {}, tab('', 'All', total)),
        STATUSES.map(status => h('li', {}, tab(status.code, status.label, counts?.[status.code])))));
  }

  function table(hubs, caption) {
    return h('table', {class: 'hub-table'},
        h('caption', {class: 'visually-hidden'}, caption),
        h('thead', {}, h('tr', {},
            ['Name', 'App', 'Business ID', 'Status', 'Since', 'Last successful sync', 'Next action']
                .map(title => h('th', {scope: 'col'}, title)))),
        h('tbody', {}, hubs.map(row)));
  }

  function row(hub) {
    const now = hub.evaluatedAt;
    const next = hub.status.nextAction;
    return h('tr', {dataset: {hubId: hub.hubId, status: hub.status.code}},
        h('th', {scope: 'row', 'data-label': 'Name'}, h('a', {href: `#/hubs/${encodeURIComponent(hub.hubId)}`}, hub.name)),
        h('td', {'data-label': 'App'}, hub.app.label),
        h('td', {'data-label': 'Business ID', class: 'mono'}, hub.businessId),
        h('td', {'data-label': 'Status'}, badge(h, hub.status, {description: true}),
            hub.sync?.running ? h('span', {class: 'note'}, 'A sync is running') : null),
        h('td', {'data-label': 'Since'}, timeElement(h, hub.status.since, now)),
        h('td', {'data-label': 'Last successful sync'}, timeElement(h, hub.sync?.lastSuccessAt, now)),
        h('td', {'data-label': 'Next action'}, next.code === 'NONE' ? h('span', {class: 'muted'}, next.label)
            : [next.label, next.actor === 'NOBODY' ? null : h('span', {class: 'note'}, `By ${actor(next.actor)}`)]));
  }

  function emptyWorkspace() {
    return h('div', {class: 'empty'},
        h('h2', {}, 'No business hubs yet'),
        h('p', {}, 'Connect your first hub: hubstatus validates its app integration, then tells you here whether it works.'),
        h('a', {class: 'button', href: '#/connect'}, 'Connect your first hub'));
  }

  function noMatch() {
    return h('div', {class: 'empty'}, h('p', {}, 'No hubs match these filters.'),
        h('a', {href: '#/hubs'}, 'Show every hub'));
  }

  function pager(listing) {
    const shownTotal = filters.status ? listing.counts[filters.status] : listing.total;
    const first = state.page * PAGE_SIZE + 1;
    const last = state.page * PAGE_SIZE + listing.hubs.length;
    const previous = h('button', {type: 'button', class: 'secondary', disabled: state.page === 0, onclick: () => {
      state.page -= 1;
      load({focus: 'results'});
    }}, 'Previous page');
    const next = h('button', {type: 'button', class: 'secondary', disabled: !listing.nextCursor, onclick: () => {
      state.cursors[state.page + 1] = listing.nextCursor;
      state.page += 1;
      load({focus: 'results'});
    }}, 'Next page');
    return h('nav', {class: 'pager', 'aria-label': 'Pages'},
        previous, h('span', {class: 'page-range'}, `Hubs ${first}–${last} of ${shownTotal}`), next);
  }

  async function load({focus} = {}) {
    view.setAttribute('aria-busy', 'true');
    // A refresh redraws the rows: keep the keyboard on the hub it was on.
    const focusedHub = results.contains(document.activeElement) ? document.activeElement.closest('tr')?.dataset.hubId : null;
    try {
      const listing = await ctx.api.listHubs({status: filters.status || undefined, app: filters.app || undefined,
        limit: PAGE_SIZE, cursor: state.cursors[state.page] ?? undefined});
      state.listing = listing;
      renderTabs(listing.counts, listing.total);
      if (listing.total === 0 && !filters.app) {
        summary.textContent = 'No hubs in your workspace yet.';
        replace(results, emptyWorkspace());
      } else if (listing.hubs.length === 0) {
        summary.textContent = `${listing.total} hubs.`;
        replace(results, noMatch());
      } else {
        summary.textContent = `${listing.total} hubs. ${attention(listing.counts)}`;
        replace(results, table(listing.hubs, `Business hubs ${state.page * PAGE_SIZE + 1} to ${state.page * PAGE_SIZE + listing.hubs.length}`),
            pager(listing));
      }
      ctx.ready();
      if (focus === 'results') results.querySelector('table a')?.focus();
      else if (focusedHub) results.querySelector(`tr[data-hub-id="${CSS.escape(focusedHub)}"] a`)?.focus();
    } catch (error) {
      ctx.fail(error, results);
    } finally {
      view.removeAttribute('aria-busy');
    }
  }

  /** Every page of the listing, keeping the hubs whose name contains the search, as they come. */
  async function searchAll() {
    const term = filters.q.toLocaleLowerCase();
    const run = {};
    state.searching = run;
    const matches = [];
    let cursor;
    let read = 0;
    view.setAttribute('aria-busy', 'true');
    replace(results, h('p', {class: 'loading'}, 'Searching…'));
    try {
      do {
        const page = await ctx.api.listHubs({status: filters.status || undefined, app: filters.app || undefined,
          limit: SEARCH_PAGE_SIZE, cursor});
        if (state.searching !== run) return;
        renderTabs(page.counts, page.total);
        read += page.hubs.length;
        matches.push(...page.hubs.filter(hub => hub.name.toLocaleLowerCase().includes(term)));
        cursor = page.nextCursor;
        const of = filters.status ? page.counts[filters.status] : page.total;
        summary.textContent = `${matches.length} ${matches.length === 1 ? 'hub' : 'hubs'} named “${filters.q}”`
            + (cursor ? `, ${read} of ${of} searched…` : '.');
        replace(results, matches.length
          ? [table(matches.slice(0, MAX_SHOWN_MATCHES), `Business hubs named ${filters.q}`),
            matches.length > MAX_SHOWN_MATCHES ? h('p', {class: 'note'}, `The first ${MAX_SHOWN_MATCHES} are shown; a longer search narrows them.`) : null]
          : (cursor ? h('p', {class: 'loading'}, 'Searching…') : noMatch()));
        ctx.ready();
      } while (cursor);
    } catch (error) {
      ctx.fail(error, results);
    } finally {
      view.removeAttribute('aria-busy');
    }
  }

  let freshness = null;
  return {
    element: view,
    start() {
      focusHeading(view);
      if (filters.q) {
        searchAll();
        return;
      }
      load();
      freshness = keepFresh(() => load(),
          () => interval(ctx.config, (state.listing?.hubs ?? []).some(inFlux)));
    },
    stop() {
      state.searching = null;
      freshness?.stop();
    },
  };
}

function attention(counts) {
  const owner = (counts.REVIEW_CONFIGURATION ?? 0) + (counts.REVIEW_SERVICE_ACCOUNT ?? 0) + (counts.REQUIRES_SYNC ?? 0);
  return owner ? `${owner} need an owner's attention.` : '';
}

// Operators' queue: integrations and hubs under review in every workspace, oldest first, and the
// re-validation of an app's integration once its automation is fixed.

import {h, replace, focusHeading, toast} from './dom.js';
import {timeElement} from './format.js';
import {ApiError} from './api.js';
import {keepFresh, interval} from './refresh.js';

export function reviewsView(ctx) {
  const cursors = [null];
  let page = 0;
  const message = h('div', {class: 'message', role: 'alert'});
  const results = h('div', {class: 'results'}, h('p', {class: 'loading'}, 'Loading the review queue…'));
  const view = h('section', {class: 'reviews-view', 'aria-labelledby': 'reviews-heading'},
      h('h1', {id: 'reviews-heading'}, 'Review queue'),
      h('p', {class: 'summary'}, 'Integrations and hubs under review by Cerby, in every workspace, oldest first. Fix the automation, then re-validate the app’s integration.'),
      message, results);

  async function load() {
    try {
      const queue = await ctx.api.reviews(cursors[page] ?? undefined);
      const now = new Date().toISOString();
      replace(results, queue.reviews.length === 0 ? h('p', {class: 'empty'}, 'Nothing is under review.')
        : [h('table', {class: 'review-table'},
            h('caption', {class: 'visually-hidden'}, 'Under review'),
            h('thead', {}, h('tr', {}, ['What', 'Workspace', 'App', 'Reasons', 'Since', 'Action'].map(title => h('th', {scope: 'col'}, title)))),
            h('tbody', {}, queue.reviews.map(review => h('tr', {dataset: {kind: review.kind, app: review.app.id}},
                h('th', {scope: 'row', 'data-label': 'What'}, review.kind === 'HUB' ? `Hub ${review.name ?? review.hubId}` : 'The app’s integration'),
                h('td', {'data-label': 'Workspace', class: 'mono'}, review.workspaceId),
                h('td', {'data-label': 'App'}, review.app.label),
                h('td', {'data-label': 'Reasons'}, h('ul', {class: 'plain'}, review.reasons.map(reason =>
                    h('li', {}, h('span', {class: 'mono reason-code'}, reason.code), ': ', reason.message,
                        reason.detail ? h('span', {class: 'note'}, reason.detail) : null)))),
                h('td', {'data-label': 'Since'}, timeElement(h, review.since, now)),
                h('td', {'data-label': 'Action'}, revalidateControl(review)))))),
          h('nav', {class: 'pager', 'aria-label': 'Pages'},
              h('button', {type: 'button', class: 'secondary', disabled: page === 0, onclick: () => { page -= 1; load(); }}, 'Previous page'),
              h('button', {type: 'button', class: 'secondary', disabled: !queue.nextCursor, onclick: () => {
                cursors[page + 1] = queue.nextCursor;
                page += 1;
                load();
              }}, 'Next page'))]);
      ctx.ready();
    } catch (error) {
      ctx.fail(error, results);
    }
  }

  /** Re-validation acts on the operator's own workspace's integration (the API takes it from the token). */
  function revalidateControl(review) {
    if (ctx.session.workspace && review.workspaceId !== ctx.session.workspace) {
      return h('span', {class: 'note'}, `Re-validate from workspace ${review.workspaceId}`);
    }
    const button = h('button', {type: 'button', class: 'revalidate', onclick: async () => {
      button.disabled = true;
      button.textContent = 'Re-validating…';
      replace(message);
      try {
        await ctx.api.revalidate(review.app.id);
        toast(`Re-validation of ${review.app.label} requested.`);
      } catch (error) {
        if (!(error instanceof ApiError)) return ctx.fail(error, message);
        replace(message, h('p', {class: 'error'}, error.code === 'VALIDATION_ALREADY_RUNNING'
          ? `A validation of ${review.app.label} is already running.` : error.message));
      }
      await load();
    }}, `Re-validate ${review.app.label}`);
    return button;
  }

  let freshness = null;
  return {
    element: view,
    start() {
      focusHeading(view);
      load();
      freshness = keepFresh(load, () => interval(ctx.config, false));
    },
    stop() {
      freshness?.stop();
    },
  };
}

// One hub: its status with every open reason, the next action, its syncs, its history as a
// timeline, and what the user may do about it (owners act; managers read).

import {h, replace, focusHeading, toast} from './dom.js';
import {badge, statusInfo} from './statuses.js';
import {timeElement, dateTime, humanize, actor} from './format.js';
import {keepFresh, interval, inFlux} from './refresh.js';
import {ApiError} from './api.js';

export function hubView(ctx, hubId) {
  let hub = null;
  let historyCursor = null;
  let pendingAction = null;

  const heading = h('h1', {id: 'hub-heading'}, 'Hub');
  const subtitle = h('p', {class: 'summary'});
  const message = h('div', {class: 'message', role: 'alert'});
  const body = h('div', {class: 'hub-body'}, h('p', {class: 'loading'}, 'Loading the hub…'));
  const timeline = h('ol', {class: 'timeline'});
  const moreHistory = h('button', {type: 'button', class: 'secondary', hidden: true, onclick: () => loadHistory(true)},
      'Earlier changes');
  const historySection = h('section', {class: 'panel', 'aria-labelledby': 'history-heading', hidden: true},
      h('h2', {id: 'history-heading'}, 'Status history'), timeline, moreHistory);

  const view = h('article', {class: 'hub-view', 'aria-labelledby': 'hub-heading'},
      h('a', {class: 'back', href: '#/hubs'}, '← All hubs'),
      heading, subtitle, message, body, historySection);

  function say(text, kind = 'error') {
    replace(message, text ? h('p', {class: kind}, text) : null);
  }

  let drawn = null;

  function render() {
    // A refresh that finds the hub as it was changes nothing on screen, so keyboard focus stays put.
    const shown = JSON.stringify({...hub, evaluatedAt: undefined, pendingAction});
    if (shown === drawn) return;
    drawn = shown;
    const focused = body.contains(document.activeElement) ? document.activeElement.id : null;
    // What the owner has typed and not saved yet survives a refresh.
    const typed = [...body.querySelectorAll('input')].filter(input => input.value !== input.defaultValue)
        .map(input => [input.id, input.value]);
    const now = hub.evaluatedAt;
    heading.textContent = hub.name;
    document.title = `${hub.name} · Business Hubs`;
    subtitle.textContent = `${hub.app.label} · business ID ${hub.businessId} · you are ${hub.role === 'OWNER' ? 'an owner' : 'a manager'}`;
    const editOpen = body.querySelector('details.edit')?.open;
    replace(body,
        statusPanel(now),
        syncPanel(now),
        reasonsPanel(now),
        hub.role === 'OWNER' ? actionsPanel(editOpen) : managerPanel(),
        detailsPanel(now));
    for (const [id, value] of typed) {
      const input = document.getElementById(id);
      if (input) input.value = value;
    }
    if (focused) document.getElementById(focused)?.focus();
  }

  function statusPanel(now) {
    const status = hub.status;
    const next = status.nextAction;
    return h('section', {class: 'panel status-panel', 'aria-labelledby': 'status-heading'},
        h('h2', {id: 'status-heading'}, 'Status'),
        badge(h, status, {description: true}),
        h('dl', {class: 'facts'},
            h('dt', {}, 'Since'), h('dd', {}, timeElement(h, status.since, now), ` (${dateTime(status.since)})`),
            h('dt', {}, 'Next action'), h('dd', {class: 'next-action'}, next.label,
                next.actor === 'NOBODY' ? null : h('span', {class: 'note'}, `By ${actor(next.actor)}`)),
            status.healthyUntil ? [h('dt', {}, 'Requires a sync'),
              h('dd', {class: 'healthy-until'}, timeElement(h, status.healthyUntil, now), ` (${dateTime(status.healthyUntil)}) unless a sync succeeds before`)] : null,
            hub.sync?.running ? [h('dt', {}, 'Sync'), h('dd', {class: 'sync-running'}, h('span', {class: 'spinner', 'aria-hidden': 'true'}),
                `A sync is running (${humanize(hub.sync.running.state)}, asked for `, timeElement(h, hub.sync.running.requestedAt, now), ')')] : null,
            hub.check ? [h('dt', {}, 'Check'), h('dd', {class: 'check-pending'}, h('span', {class: 'spinner', 'aria-hidden': 'true'}),
                'The hub is being checked (asked for ', timeElement(h, hub.check.requestedAt, now), ')')] : null));
  }

  function reasonsPanel(now) {
    const reasons = hub.status.reasons;
    return h('section', {class: 'panel reasons-panel', 'aria-labelledby': 'reasons-heading'},
        h('h2', {id: 'reasons-heading'}, `Open reasons (${reasons.length})`),
        reasons.length === 0 ? h('p', {}, 'Nothing is open: the hub works.')
          : h('table', {class: 'reasons'},
              h('thead', {}, h('tr', {}, ['Reason', 'Who must act', 'Since'].map(title => h('th', {scope: 'col'}, title)))),
              h('tbody', {}, reasons.map(reason => h('tr', {dataset: {reason: reason.code}},
                  h('td', {'data-label': 'Reason'}, h('span', {class: 'mono reason-code'}, reason.code), h('br'), reason.message,
                      reason.detail ? h('span', {class: 'note'}, reason.detail) : null),
                  h('td', {'data-label': 'Who must act'}, capital(actor(statusInfo(reason.status).mustAct))),
                  h('td', {'data-label': 'Since'}, timeElement(h, reason.since, now)))))));
  }

  function syncPanel(now) {
    const attempt = hub.sync?.lastAttempt;
    return h('section', {class: 'panel', 'aria-labelledby': 'sync-heading'},
        h('h2', {id: 'sync-heading'}, 'Syncs'),
        h('dl', {class: 'facts'},
            h('dt', {}, 'Last successful sync'), h('dd', {class: 'last-success'}, timeElement(h, hub.sync?.lastSuccessAt, now)),
            h('dt', {}, 'Last sync attempt'), h('dd', {class: 'last-attempt'}, attempt
              ? [timeElement(h, attempt.finishedAt ?? attempt.startedAt ?? attempt.requestedAt, now),
                `: ${humanize(attempt.outcome)} (${humanize(attempt.trigger).toLowerCase()})`,
                attempt.detail ? h('span', {class: 'note'}, attempt.detail) : null]
              : h('span', {class: 'muted'}, 'none yet'))));
  }

  function managerPanel() {
    const owners = hub.owners.join(', ');
    return h('section', {class: 'panel', 'aria-labelledby': 'actions-heading'},
        h('h2', {id: 'actions-heading'}, 'Who can act'),
        h('p', {class: 'who-can-act'}, `You are a manager of this hub: you see its status. Only its owners (${owners}) can run a sync, change its settings, ask for a re-check or disconnect it`
            + (hub.status.mustAct === 'OPERATOR' ? '; Cerby is working on the open review.' : '.')));
  }

  function actionsPanel(editOpen) {
    const running = Boolean(hub.sync?.running);
    const syncButton = h('button', {type: 'button', id: 'run-sync', disabled: running || pendingAction !== null,
      onclick: () => act('sync', syncButton, 'Starting a sync…', runSync)},
    running ? 'Sync running…' : 'Run a sync');
    const recheckButton = h('button', {type: 'button', class: 'secondary', id: 'recheck', disabled: Boolean(hub.check) || pendingAction !== null,
      onclick: () => act('check', recheckButton, 'Asking for a check…', recheck)},
    hub.check ? 'Check running…' : 'Re-check the hub');
    const disconnectButton = h('button', {type: 'button', class: 'danger', id: 'disconnect', onclick: () => confirmDisconnect()},
        'Disconnect…');
    const review = hub.status.code === 'REVIEW_CONFIGURATION' || hub.status.code === 'REVIEW_SERVICE_ACCOUNT';
    return h('section', {class: 'panel', 'aria-labelledby': 'actions-heading'},
        h('h2', {id: 'actions-heading'}, 'Actions'),
        h('div', {class: 'actions'}, syncButton, recheckButton, disconnectButton),
        review ? h('p', {class: 'note'}, 'Fix the business ID or the service account below: the hub is checked again when you save. '
            + 'Fixed it in the app itself (new credentials, managed MFA turned on)? Re-check the hub.') : null,
        editForm(editOpen ?? review));
  }

  function editForm(open) {
    const field = (id, label, value, hint) => h('div', {class: 'field'},
        h('label', {for: id}, label),
        h('input', {id, name: id, value: value ?? '', autocomplete: 'off', 'aria-describedby': hint ? `${id}-hint` : null}),
        hint ? h('span', {class: 'note', id: `${id}-hint`}, hint) : null);
    const form = h('form', {class: 'edit-form', onsubmit: event => {
      event.preventDefault();
      save(form);
    }},
    field('edit-name', 'Name', hub.name),
    field('edit-business-id', 'Business ID', hub.businessId, `The hub's ID in ${hub.app.label}.`),
    field('edit-service-account', 'Service account', hub.serviceAccount, 'A reference to the managed service account, never a password.'),
    field('edit-managers', 'Managers', hub.managers.join(', '), 'User ids, separated by commas.'),
    h('button', {type: 'submit', id: 'save-hub'}, 'Save changes'));
    return h('details', {class: 'edit', open}, h('summary', {}, 'Change the hub’s settings'), form);
  }

  async function act(kind, button, busyText, action) {
    pendingAction = kind;
    button.disabled = true;
    button.textContent = busyText;
    say('');
    try {
      await action();
    } catch (error) {
      if (!(error instanceof ApiError)) return ctx.fail(error, message);
      say(conflictMessage(error) ?? error.message);
      if (error.status === 409 || error.status === 412) await refresh();
    } finally {
      pendingAction = null;
      if (hub) render();
      freshness?.reschedule();
    }
  }

  async function runSync() {
    // One key per press: when the answer is lost on the way, asking again with it cannot start a
    // second sync, and gets the first answer.
    const key = crypto.randomUUID();
    let answer;
    try {
      answer = await ctx.api.sync(hubId, key);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 0) throw error;
      answer = await ctx.api.sync(hubId, key);
    }
    hub = answer.hub ?? await ctx.api.hub(hubId);
    toast(`A sync of ${hub.name} started.`);
    watchUntilSettled('sync');
  }

  async function recheck() {
    hub = await ctx.api.recheck(hubId);
    toast(`A check of ${hub.name} started.`);
    watchUntilSettled('check');
  }

  async function save(form) {
    const value = name => form.elements[name].value.trim();
    const managers = value('edit-managers').split(',').map(id => id.trim()).filter(Boolean);
    const change = {};
    if (value('edit-name') !== hub.name) change.name = value('edit-name');
    if (value('edit-business-id') !== hub.businessId) change.businessId = value('edit-business-id');
    if (value('edit-service-account') !== hub.serviceAccount) change.serviceAccount = value('edit-service-account');
    if (managers.join(',') !== hub.managers.join(',')) change.managers = managers;
    if (Object.keys(change).length === 0) {
      say('Nothing was changed.', 'info');
      return;
    }
    const button = form.querySelector('button[type=submit]');
    await act('save', button, 'Saving…', async () => {
      hub = await ctx.api.change(hubId, change, hub.etag);
      toast(`Saved. ${change.businessId || change.serviceAccount ? 'The hub is being checked again.' : ''}`);
      watchUntilSettled('check');
    });
  }

  function confirmDisconnect() {
    const dialog = h('dialog', {class: 'confirm', 'aria-labelledby': 'disconnect-heading'},
        h('h2', {id: 'disconnect-heading'}, `Disconnect ${hub.name}?`),
        h('p', {}, 'hubstatus stops checking and syncing it, and its status and history are gone. You can connect it again later.'),
        h('form', {method: 'dialog', class: 'actions'},
            h('button', {value: 'cancel', class: 'secondary', autofocus: true}, 'Keep it'),
            h('button', {value: 'disconnect', class: 'danger', id: 'confirm-disconnect'}, 'Disconnect')));
    dialog.addEventListener('close', async () => {
      dialog.remove();
      if (dialog.returnValue !== 'disconnect') {
        view.querySelector('#disconnect')?.focus();
        return;
      }
      try {
        await ctx.api.disconnect(hubId);
        toast(`${hub.name} was disconnected.`);
        ctx.navigate('#/hubs');
      } catch (error) {
        if (!(error instanceof ApiError)) return ctx.fail(error, message);
        say(error.message);
      }
    });
    view.append(dialog);
    dialog.showModal();
  }

  /** After an action, look again soon until it is over, then say how it ended. */
  function watchUntilSettled(kind) {
    const before = hub.status.label;
    const done = () => (kind === 'sync' ? !hub.sync?.running : !hub.check);
    watching = {done, report: () => toast(`${kind === 'sync' ? 'The sync' : 'The check'} finished: ${hub.name} is ${hub.status.label}`
        + (hub.status.label === before ? '' : ` (was ${before})`) + '.')};
  }
  let watching = null;

  function detailsPanel(now) {
    return h('section', {class: 'panel', 'aria-labelledby': 'about-heading'},
        h('h2', {id: 'about-heading'}, 'About this hub'),
        h('dl', {class: 'facts'},
            h('dt', {}, 'App'), h('dd', {}, hub.app.label),
            h('dt', {}, 'Business ID'), h('dd', {class: 'mono business-id'}, hub.businessId),
            h('dt', {}, 'Service account'), h('dd', {class: 'mono'}, hub.serviceAccount),
            h('dt', {}, 'Owners'), h('dd', {}, hub.owners.join(', ')),
            h('dt', {}, 'Managers'), h('dd', {}, hub.managers.length ? hub.managers.join(', ') : h('span', {class: 'muted'}, 'none')),
            h('dt', {}, 'Connected'), h('dd', {}, timeElement(h, hub.connectedAt, now), ` (${dateTime(hub.connectedAt)})`),
            h('dt', {}, 'Status as of'), h('dd', {}, dateTime(now))));
  }

  async function loadHistory(more = false) {
    const page = await ctx.api.history(hubId, more ? historyCursor : undefined);
    historyCursor = page.nextCursor;
    const entries = page.entries.map(entry => h('li', {dataset: {to: entry.to ?? 'NONE'}},
        h('div', {class: 'when'}, h('time', {datetime: entry.at}, dateTime(entry.at))),
        h('div', {class: 'what'},
            entry.from ? [statusInfo(entry.from).label, ' → '] : null,
            h('strong', {}, entry.to ? statusInfo(entry.to).label : 'Disconnected'),
            h('span', {class: 'note'}, humanize(entry.cause)
                + (entry.reasons.length ? ` · ${entry.reasons.join(', ')}` : '')))));
    if (more) timeline.append(...entries);
    else replace(timeline, entries.length ? entries : h('li', {}, 'No changes yet.'));
    moreHistory.hidden = !historyCursor;
    historySection.hidden = false;
  }

  async function refresh() {
    try {
      hub = await ctx.api.hub(hubId);
      if (pendingAction === null) render();
      if (watching?.done()) {
        watching.report();
        watching = null;
      }
      await loadHistory();
      ctx.ready();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        heading.textContent = 'Hub not found';
        replace(body, h('p', {}, 'There is no such hub, or it is not shared with you.'), h('a', {href: '#/hubs'}, 'Back to all hubs'));
        historySection.hidden = true;
        freshness?.stop();
        ctx.ready();
        return;
      }
      ctx.fail(error, body);
    }
  }

  let freshness = null;
  return {
    element: view,
    async start() {
      focusHeading(view);
      await refresh();
      freshness = keepFresh(refresh, () => interval(ctx.config, watching !== null || (hub !== null && inFlux(hub))));
    },
    stop() {
      freshness?.stop();
    },
  };
}

function conflictMessage(error) {
  return {
    SYNC_ALREADY_RUNNING: 'A sync is already running. Its outcome shows here when it ends.',
    CHECK_ALREADY_RUNNING: 'A check is already running. Its outcome shows here when it ends.',
    CONCURRENT_CHANGE: 'The hub changed meanwhile; it is shown as it is now. Try again.',
    PRECONDITION_FAILED: 'The hub changed since this page showed it; it is shown as it is now. Look, then try again.',
    IDEMPOTENCY_KEY_IN_USE: 'That request is still being answered. Its outcome shows here when it ends.',
  }[error.code];
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

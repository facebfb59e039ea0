// Connecting a hub: the user who connects it becomes its owner.

import {h, replace, focusHeading, toast} from './dom.js';
import {APPS} from './statuses.js';
import {ApiError} from './api.js';

export function connectView(ctx) {
  const message = h('div', {class: 'message', role: 'alert'});
  const field = (id, label, input, hint) => h('div', {class: 'field'},
      h('label', {for: id}, label), input,
      hint ? h('span', {class: 'note', id: `${id}-hint`}, hint) : null);
  const input = (id, attributes = {}) => h('input', {id, name: id, autocomplete: 'off', 'aria-describedby': `${id}-hint`, ...attributes});
  // One key per filled-in form: pressing "Connect" twice connects one hub.
  let idempotencyKey = crypto.randomUUID();

  const form = h('form', {class: 'connect-form', onsubmit: event => submit(event)},
      field('connect-app', 'App', h('select', {id: 'connect-app', name: 'connect-app', required: true, 'aria-describedby': 'connect-app-hint'},
          APPS.map(app => h('option', {value: app.id}, app.label))), 'The external app the hub is an account of.'),
      field('connect-name', 'Name', input('connect-name', {required: true, maxlength: 100}), 'How the hub is called here, e.g. Marketing EU.'),
      field('connect-business-id', 'Business ID', input('connect-business-id', {required: true, maxlength: 64}),
          'The account’s ID in the app (letters, digits, “.”, “_” or “-”).'),
      field('connect-service-account', 'Service account', input('connect-service-account', {required: true, maxlength: 128}),
          'A reference to the managed service account, never a password.'),
      field('connect-managers', 'Managers (optional)', input('connect-managers'), 'User ids who may see the hub, separated by commas.'),
      h('div', {class: 'actions'},
          h('button', {type: 'submit', id: 'connect-submit'}, 'Connect'),
          h('a', {href: '#/hubs', class: 'button secondary'}, 'Cancel')));
  form.addEventListener('input', () => {
    idempotencyKey = crypto.randomUUID();
  });

  async function submit(event) {
    event.preventDefault();
    const value = name => form.elements[name].value.trim();
    const managers = value('connect-managers').split(',').map(id => id.trim()).filter(Boolean);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    button.textContent = 'Connecting…';
    replace(message);
    try {
      const hub = await ctx.api.connect({
        app: value('connect-app'),
        name: value('connect-name'),
        businessId: value('connect-business-id'),
        serviceAccount: value('connect-service-account'),
        ...(managers.length ? {managers} : {}),
      }, idempotencyKey);
      toast(`${hub.name} is connected: ${hub.status.label}.`);
      ctx.navigate('#/hubs');
    } catch (error) {
      if (!(error instanceof ApiError)) return ctx.fail(error, message);
      replace(message, h('p', {class: 'error'}, error.message));
    } finally {
      button.disabled = false;
      button.textContent = 'Connect';
    }
  }

  const view = h('section', {class: 'connect-view', 'aria-labelledby': 'connect-heading'},
      h('a', {class: 'back', href: '#/hubs'}, '← All hubs'),
      h('h1', {id: 'connect-heading'}, 'Connect a hub'),
      h('p', {class: 'summary'}, 'You become the hub’s owner. The first hub of an app in your workspace starts the validation of that app’s integration; its hubs are Under validation until it completes.'),
      message, form);
  return {element: view, start: () => {
    focusHeading(view);
    ctx.ready();
  }, stop() {}};
}

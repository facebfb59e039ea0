// The Business Hubs page: signs the user in, then shows the view the address names:
//   #/hubs[?status=&app=&q=]  the table          #/hubs/{hubId}  one hub
//   #/connect                 connecting a hub   #/reviews       operators' review queue
// Hash routes never reach a server, so they cannot collide with the API's paths.

import {loadConfig} from './config.js';
import {session, expired, signIn, signOut, completeSignIn, signedInAt} from './auth.js';
import {createApi, SessionExpired} from './api.js';
import {h, replace, main, focusHeading} from './dom.js';
import {hubsView} from './hubs.js';
import {hubView} from './hub.js';
import {connectView} from './connect.js';
import {reviewsView} from './reviews.js';

let current = null;

async function boot() {
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    fatal(`The page is not set up: ${error.message}.`);
    return;
  }
  let signedInNow = false;
  try {
    signedInNow = (await completeSignIn(config)) !== null;
  } catch (error) {
    signInView(config, error.message);
    return;
  }
  const user = session();
  if (!user) {
    // A session that ran out goes straight back to the sign-in, which returns to this view; a new
    // visitor (or a sign-in that gave an unusable token) gets the sign-in page first.
    if (expired() && !signedInNow) signIn(config).catch(error => signInView(config, error.message));
    else signInView(config, signedInNow ? 'The sign-in gave no usable token. Sign in again.' : null);
    return;
  }
  startApp(config, user);
}

function startApp(config, user) {
  const api = createApi(config);
  const ctx = {
    config,
    api,
    session: user,
    navigate(hash) {
      if (location.hash === hash) route();
      else location.hash = hash;
    },
    ready() {
      main().removeAttribute('aria-busy');
      if (!performance.getEntriesByName('hubstatus-ready').length) {
        performance.mark('hubstatus-ready');
        // The next frame is the first one painted with the view's content.
        requestAnimationFrame(() => setTimeout(() => performance.mark('hubstatus-painted')));
      }
    },
    fail(error, container) {
      if (error instanceof SessionExpired) {
        current?.stop();
        // A token refused right after signing in would only be refused again: say so instead of looping.
        if (error.refused && Date.now() - signedInAt() < 60_000) {
          window.removeEventListener('hashchange', route);
          current = null;
          signOut();
          signInView(config, 'hubstatus refused the token the sign-in gave. The page’s clientId or issuer may not be '
              + 'the ones the API accepts (config.json, JwtIssuer, JwtAudience).');
          return;
        }
        signIn(config).catch(failure => signInView(config, failure.message));
        return;
      }
      main().removeAttribute('aria-busy');
      replace(container, h('div', {class: 'error-box', role: 'alert'},
          h('p', {}, error.message || 'Something went wrong.'),
          h('button', {type: 'button', class: 'secondary', onclick: () => route()}, 'Try again')));
    },
  };

  document.getElementById('signed-in-as').textContent = `Signed in as ${user.user ?? 'you'}`;
  document.getElementById('account').hidden = false;
  document.getElementById('sections').hidden = false;
  document.getElementById('sign-out').onclick = () => {
    window.removeEventListener('hashchange', route);
    current?.stop();
    current = null;
    signOut();
    history.replaceState(null, '', location.pathname);
    signInView(config, 'You are signed out.');
  };
  // Operators get their queue: the API says who is one.
  api.reviews().then(() => {
    document.querySelector('[data-section=reviews]').parentElement.hidden = false;
  }, () => {});

  function route() {
    current?.stop();
    const hash = location.hash.replace(/^#/, '') || '/hubs';
    const [path, query] = hash.split('?');
    const params = new URLSearchParams(query ?? '');
    const hubMatch = path.match(/^\/hubs\/([^/]+)$/);
    let section = 'hubs';
    if (hubMatch) current = hubView(ctx, decodeURIComponent(hubMatch[1]));
    else if (path === '/connect') current = connectView(ctx);
    else if (path === '/reviews') {
      current = reviewsView(ctx);
      section = 'reviews';
    } else current = hubsView(ctx, params);
    document.title = 'Business Hubs · hubstatus';
    for (const link of document.querySelectorAll('[data-section]')) {
      if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    main().setAttribute('aria-busy', 'true');
    replace(main(), current.element);
    current.start();
  }

  window.addEventListener('hashchange', route);
  route();
}

function signInView(config, note) {
  document.getElementById('account').hidden = true;
  document.getElementById('sections').hidden = true;
  const button = h('button', {type: 'button', id: 'sign-in', onclick: () => {
    button.disabled = true;
    signIn(config).catch(error => signInView(config, error.message));
  }}, 'Sign in');
  const view = h('section', {class: 'sign-in-view', 'aria-labelledby': 'sign-in-heading'},
      h('h1', {id: 'sign-in-heading'}, 'Business Hubs'),
      h('p', {}, 'See whether each business hub integration of your workspace works, and what to do when one does not.'),
      note ? h('p', {class: 'note-box', role: 'status'}, note) : null,
      button);
  main().removeAttribute('aria-busy');
  replace(main(), view);
  focusHeading(view);
}

function fatal(text) {
  main().removeAttribute('aria-busy');
  replace(main(), h('div', {class: 'error-box', role: 'alert'}, h('p', {}, text)));
}

boot();

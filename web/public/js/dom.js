// Builds elements from data, never from HTML strings, so nothing a hub's name holds is markup.

/**
 * h('a', {href: '#/hubs', class: 'x'}, 'text', child) creates an element. Attributes whose value is
 * null, undefined or false are left out; `on*` functions become listeners; `dataset` an object.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces what `element` holds. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** The page's main region, which every view renders into. */
export function main() {
  return document.getElementById('main');
}

/** Shows a short message that screen readers announce, then hides it. */
export function toast(message) {
  const region = document.getElementById('toast');
  region.textContent = message;
  region.classList.add('shown');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => region.classList.remove('shown'), 6000);
}

/** Moves focus to a view's heading, so keyboard and screen reader users start at the new view. */
export function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({preventScroll: false});
  }
}

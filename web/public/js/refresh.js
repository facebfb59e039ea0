// Keeps a view current while it is open: calls `refresh` again after `delay()` milliseconds, which
// the view shortens while something is under way (a sync, a check, a validation). Waits while the
// tab is hidden and catches up when it is shown again; stop() ends it when the view closes.

export function keepFresh(refresh, delay) {
  let timer = null;
  let stopped = false;

  function schedule() {
    clearTimeout(timer);
    if (stopped || document.hidden) return;
    timer = setTimeout(run, delay());
  }

  async function run() {
    if (stopped) return;
    try {
      await refresh();
    } finally {
      schedule();
    }
  }

  function onVisibility() {
    if (!document.hidden) run();
    else clearTimeout(timer);
  }

  document.addEventListener('visibilitychange', onVisibility);
  schedule();
  return {
    /** Restarts the wait, after the view refreshed for another reason (an action, a button). */
    reschedule: schedule,
    stop() {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

/** How long to wait before the next look: soon while something is under way, else the configured interval. */
export function interval(config, busy) {
  return busy ? 2000 : config.refreshSeconds * 1000;
}

/** Whether a hub is in the middle of something that ends by itself: worth a look again soon. */
export function inFlux(hub) {
  return hub.status.code === 'UNDER_VALIDATION' || Boolean(hub.sync?.running) || Boolean(hub.check);
}

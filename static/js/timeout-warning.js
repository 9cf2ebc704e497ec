// The GOV.UK timeout warning pattern for signed-in pages (apcommission/core/page_layout.py, _timeout_warning).
// Progressive enhancement: the server signs people out after the idle timeout whatever this does.
// It asks the server how long is left (asking is not activity, so other tabs count), opens the
// dialog shortly before the end, counts down, and "Stay signed in" tells the server without
// leaving the page. Screen readers hear the warning when it opens and then once a minute.

const dialog = document.getElementById("timeout-warning");

if (dialog && typeof dialog.showModal === "function") {
  const warningSeconds = Number(dialog.dataset.warningSeconds) || 120;
  const statusUrl = dialog.dataset.statusUrl;
  const signedOutUrl = dialog.dataset.signedOutUrl;
  const countdown = dialog.querySelector("[data-countdown]");
  const announce = dialog.querySelector("[data-announce]");
  const extendForm = dialog.querySelector("form[data-extend]");
  let checkTimer = null;
  let tickTimer = null;
  let deadline = 0;
  let lastAnnouncedMinute = null;

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const schedule = (seconds) => {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, Math.max(seconds, 1) * 1000);
  };

  const signedOut = () => {
    window.location.href = signedOutUrl;
  };

  const close = () => {
    clearInterval(tickTimer);
    if (dialog.open) dialog.close();
  };

  const tick = () => {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = words(left);
    const minute = Math.ceil(left / 60);
    if (left > 0 && minute !== lastAnnouncedMinute && (left % 60 === 0 || lastAnnouncedMinute === null)) {
      lastAnnouncedMinute = minute;
      announce.textContent = `For your security, we will sign you out in ${words(left)}.`;
    }
    if (left === 0) {
      clearInterval(tickTimer);
      check();
    }
  };

  const open = (left) => {
    deadline = Date.now() + left * 1000;
    if (!dialog.open) {
      lastAnnouncedMinute = null;
      dialog.showModal();
      dialog.querySelector("h2").focus();
    }
    clearInterval(tickTimer);
    tick();
    tickTimer = setInterval(tick, 1000);
  };

  async function check() {
    let status;
    try {
      const response = await fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      status = await response.json();
    } catch {
      schedule(60); // offline for a moment: ask again later; the server decides anyway
      return;
    }
    if (!status.signed_in || status.seconds_left <= 0) {
      signedOut();
    } else if (status.seconds_left <= warningSeconds) {
      open(status.seconds_left);
      schedule(status.seconds_left);
    } else {
      close();
      schedule(status.seconds_left - warningSeconds);
    }
  }

  const staySignedIn = async (event) => {
    if (event) event.preventDefault();
    try {
      const response = await fetch(extendForm.action, {
        method: "POST",
        body: new FormData(extendForm),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const status = await response.json();
      if (!status.signed_in) return signedOut();
      close();
      schedule(status.seconds_left - warningSeconds);
    } catch {
      extendForm.submit(); // fall back to the plain form post
    }
  };

  extendForm.addEventListener("submit", staySignedIn);
  // Escape closes the dialog: GOV.UK's pattern treats that as "stay signed in".
  dialog.addEventListener("cancel", (event) => staySignedIn(event));
  check();
}

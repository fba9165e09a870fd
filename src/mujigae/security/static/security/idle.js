// Idle logout warning (docs/security.md). The server ends a session after
// data-idle-seconds without a request (<body data-idle-seconds data-idle-ping>);
// a minute before, this shows #idle-warning with a "keep using" button that
// pings the keep-alive route. No inline script: loaded as a static file.
(function () {
  "use strict";
  var body = document.body;
  var total = parseInt(body.getAttribute("data-idle-seconds") || "", 10);
  var pingUrl = body.getAttribute("data-idle-ping");
  var box = document.getElementById("idle-warning");
  if (!total || !pingUrl || !box) {
    return;
  }
  var countdown = box.querySelector("[data-idle-countdown]");
  var keep = box.querySelector("[data-idle-keep]");
  var warnAt = 0;
  var endAt = 0;
  var timer = null;

  function schedule() {
    var now = Date.now();
    warnAt = now + Math.max(total - 60, 0) * 1000;
    endAt = now + total * 1000;
    box.hidden = true;
    if (timer) {
      clearInterval(timer);
    }
    timer = setInterval(tick, 1000);
  }

  function tick() {
    var now = Date.now();
    if (now >= endAt) {
      clearInterval(timer);
      // The server has ended the session: it answers with the login page.
      window.location.assign(window.location.href);
      return;
    }
    if (now >= warnAt) {
      if (box.hidden) {
        box.hidden = false;
        if (keep) {
          keep.focus();
        }
      }
      if (countdown) {
        countdown.textContent = "(" + Math.ceil((endAt - now) / 1000) + ")";
      }
    }
  }

  function csrfToken() {
    try {
      return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function keepAlive() {
    fetch(pingUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    })
      .then(function (response) {
        var to = response.headers.get("HX-Redirect");
        if (to) {
          window.location.assign(to);
        } else if (response.ok) {
          schedule();
        }
      })
      .catch(function () {
        /* offline: the warning stays, the next click tries again */
      });
  }

  if (keep) {
    keep.addEventListener("click", keepAlive);
  }
  // htmx requests are activity too: start counting again.
  body.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();

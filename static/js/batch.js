// Follows a print batch that the task workers are rendering: polls its small JSON status and
// shows progress, then enables the link to the whole PDF. Without JavaScript the page reloads
// itself every few seconds (a <noscript> refresh) and shows the same figures.
(function () {
  "use strict";
  var box = document.getElementById("batch");
  var link = document.getElementById("batch-link");
  if (!box || !link || !window.fetch) { return; }
  var bar = document.getElementById("batch-progress");
  var status = document.getElementById("batch-status");
  function show(state) {
    bar.max = state.total;
    bar.value = state.done;
    bar.textContent = state.done + " of " + state.total;
    if (!state.finished) {
      status.textContent = state.done + " of " + state.total + " plans prepared…";
      return;
    }
    status.textContent = (state.total === 1 ? "The plan is ready" : "All " + state.total + " plans are ready") +
      (state.failed ? " (" + state.failed + " will be prepared as the PDF opens)." : ".");
    link.removeAttribute("aria-disabled");
    link.classList.remove("is-waiting");
  }
  function poll() {
    fetch(box.dataset.status, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (state) {
      show(state);
      if (!state.finished) { setTimeout(poll, 1000); }
    }).catch(function () {
      status.textContent = "Could not follow the batch; the link still prints every plan.";
      link.removeAttribute("aria-disabled");
      link.classList.remove("is-waiting");
    });
  }
  if (link.getAttribute("aria-disabled")) { poll(); }
})();

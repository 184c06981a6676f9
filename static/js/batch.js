// Prepares each plan of a batch in turn (each is cached once rendered) and shows progress, so
// the combined PDF opens quickly. Without JavaScript the link renders the batch in one go.
(function () {
  "use strict";
  var box = document.getElementById("batch");
  var link = document.getElementById("batch-link");
  if (!box || !link || !window.fetch) { return; }
  var urls = box.dataset.urls.split(" ").filter(Boolean);
  var bar = document.getElementById("batch-progress");
  var status = document.getElementById("batch-status");
  var done = 0;
  bar.hidden = false;
  link.setAttribute("aria-disabled", "true");
  link.classList.add("is-waiting");
  function show() {
    bar.value = done;
    bar.textContent = done + " of " + urls.length;
    status.textContent = done < urls.length
      ? "Preparing plan " + (done + 1) + " of " + urls.length + "…"
      : box.dataset.ready;
  }
  function ready() {
    link.removeAttribute("aria-disabled");
    link.classList.remove("is-waiting");
  }
  function next() {
    show();
    if (done >= urls.length) { ready(); return; }
    fetch(urls[done], { credentials: "same-origin" }).then(function (response) {
      if (response.status === 429 || response.status === 503) {
        var wait = parseInt(response.headers.get("Retry-After") || "5", 10);
        status.textContent = "The printer is busy; trying again in " + wait + " seconds…";
        setTimeout(next, wait * 1000);
        return;
      }
      done += 1;
      next();
    }).catch(function () {
      status.textContent = "Could not prepare every plan; the link still prints them all.";
      ready();
    });
  }
  next();
})();

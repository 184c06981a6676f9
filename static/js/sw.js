// The clinic's service worker. Served from /sw.js so its scope is the whole site.
//
// - Static files (CSS, JS, icons) are kept in one shared cache: they hold nobody's data.
// - A patient's pages (today, practice, diary, routine pictures) are kept only when the server
//   marks the response with X-Offline-Owner, in a cache named after that owner; keeping a page
//   for a new owner first deletes every other owner's cache. The pages are `no-store` for every
//   other cache; the Cache API is written here explicitly.
// - A practice log or diary entry posted without a network is kept in IndexedDB with a key made
//   here, and sent to /offline/sync/ on reconnect, on the next open and by Background Sync.
"use strict";

var STATIC_CACHE = "static-v1";
var OWNER_PREFIX = "pages-";
var OFFLINE_URL = "/offline/";
var SYNC_TAG = "send-queue";
var KEEP = [
  /^\/today\/$/,
  /^\/today\/practice\/[\w-]+\/$/,
  /^\/library\/[\w-]+\/image\/\w+\/$/,
  /^\/diary\/$/,
  /^\/diary\/[\w-]+\/$/
];
var PRACTICE_POST = /^\/today\/practice\/([\w-]+)\/log\/$/;
var DIARY_QUICK_POST = /^\/diary\/no-headache\/$/;
var DIARY_POST = /^\/diary\/(\d{4}-\d{2}-\d{2}|today)\/$/;

// --- IndexedDB: the queue of unsent writes and the answers the patient has not seen yet -------
var DB_NAME = "clinic-offline";

function openDb() {
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore("queue", { keyPath: "key" });
      request.result.createObjectStore("results", { keyPath: "key" });
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

function store(name, mode, work) {
  return openDb().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(name, mode);
      var result = work(tx.objectStore(name));
      tx.oncomplete = function () { db.close(); resolve(result && result.result); };
      tx.onerror = function () { db.close(); reject(tx.error); };
    });
  });
}

function allQueued() { return store("queue", "readonly", function (s) { return s.getAll(); }); }

// --- Caches ----------------------------------------------------------------------------------
function ownerCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (n) { return n.indexOf(OWNER_PREFIX) === 0; });
  });
}

// Bumped on sign-out: a page fetched before it (a warm-up still running) is not kept after it.
var generation = 0;

function keep(owner, request, response, started) {
  if (started !== generation) { return Promise.resolve(); }
  var name = OWNER_PREFIX + owner;
  return ownerCaches().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== name; }).map(function (n) {
      return caches.delete(n);
    }));
  }).then(function () {
    return caches.open(name);
  }).then(function (cache) {
    return cache.put(request, response);
  });
}

function fromOwnerCache(request) {
  return ownerCaches().then(function (names) {
    if (!names.length) { return undefined; }
    return caches.open(names[0]).then(function (cache) {
      return cache.match(request, { ignoreSearch: true, ignoreVary: true });
    });
  });
}

function keepable(url) {
  return KEEP.some(function (pattern) { return pattern.test(url.pathname); });
}

function networkThenKept(request) {
  var url = new URL(request.url);
  var started = generation;
  return fetch(request).then(function (response) {
    var owner = response.headers.get("X-Offline-Owner");
    if (owner && response.ok && !response.redirected && keepable(url)) {
      return keep(owner, request, response.clone(), started).then(function () { return response; });
    }
    return response;
  }, function () {
    return fromOwnerCache(request).then(function (cached) {
      if (cached) { return cached; }
      if (request.mode === "navigate") { return caches.match(OFFLINE_URL); }
      return Response.error();
    });
  });
}

function staticFirst(request) {
  return caches.match(request).then(function (cached) {
    return cached || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

// Fetch today's page and what it links to (practice pages, the diary, their pictures and
// scripts) so they work offline even if the patient never opened them.
function warm() {
  var seen = {};
  function get(path) {
    if (seen[path]) { return Promise.resolve(""); }
    seen[path] = true;
    var request = new Request(path, { credentials: "same-origin" });
    if (path.indexOf("/static/") === 0) {
      return staticFirst(request).then(function () { return ""; }, function () { return ""; });
    }
    return networkThenKept(request).then(function (response) {
      var type = (response && response.headers.get("Content-Type")) || "";
      return type.indexOf("text/html") === 0 ? response.text() : "";
    }, function () { return ""; });
  }
  function links(html, pattern) {
    var found = [];
    var match;
    while ((match = pattern.exec(html)) !== null) { found.push(match[1].replace(/&amp;/g, "&")); }
    return found;
  }
  return get("/today/").then(function (html) {
    if (!html) { return undefined; }
    var pages = links(html, /href="(\/today\/practice\/[\w-]+\/)"/g).concat(["/diary/", "/diary/today/"]);
    var assets = links(html, /(?:src|href)="(\/static\/[^"?]+)"/g);
    return Promise.all(pages.map(function (page) {
      return get(page).then(function (pageHtml) {
        var more = links(pageHtml, /(?:src|href)="(\/(?:static|library)\/[^"?]+)"/g);
        return Promise.all(more.map(get));
      });
    }).concat(assets.map(get)));
  });
}

// --- Writes made offline ---------------------------------------------------------------------
function localDay() {
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
}

function fieldsOf(form) {
  var fields = {};
  form.forEach(function (value, name) {
    if (name === "csrfmiddlewaretoken" || name === "token" || name === "next") { return; }
    if (typeof value !== "string") { return; }
    (fields[name] = fields[name] || []).push(value);
  });
  return fields;
}

function describe(url, form) {
  var match = PRACTICE_POST.exec(url.pathname);
  if (match) {
    return { kind: "practice", slug: match[1], day: localDay(), fields: fieldsOf(form),
      label: "Practice: " + match[1].replace(/-/g, " ") };
  }
  if (DIARY_QUICK_POST.test(url.pathname)) {
    return { kind: "diary-quick", day: form.get("day") || localDay(), fields: {},
      label: "Diary: no headache" };
  }
  match = DIARY_POST.exec(url.pathname);
  if (match) {
    var day = match[1] === "today" ? localDay() : match[1];
    return { kind: "diary", day: day, fields: fieldsOf(form), label: "Diary for " + day };
  }
  return null;
}

function newKey() {
  if (self.crypto && self.crypto.randomUUID) { return self.crypto.randomUUID(); }
  var bytes = self.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}

function postOrQueue(request) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy.formData().then(function (form) {
      var url = new URL(copy.url);
      var item = describe(url, form);
      if (!item) { return Response.error(); }
      item.key = newKey();
      item.csrf = form.get("csrfmiddlewaretoken") || "";
      item.queuedAt = Date.now();
      return store("queue", "readwrite", function (s) { return s.put(item); }).then(function () {
        if (self.registration.sync) {
          self.registration.sync.register(SYNC_TAG).catch(function () {});
        }
        tell({ type: "queued" });
        var back = copy.referrer && new URL(copy.referrer).origin === self.location.origin
          ? copy.referrer : "/today/";
        return Response.redirect(back, 303);
      });
    });
  });
}

var flushing = null;

function flush() {
  if (flushing) { return flushing; }
  flushing = allQueued().then(function (items) {
    if (!items.length) { return 0; }
    var csrf = items[items.length - 1].csrf;
    var body = JSON.stringify({ items: items.map(function (item) {
      return { key: item.key, kind: item.kind, slug: item.slug, day: item.day, fields: item.fields };
    }) });
    return fetch("/offline/sync/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body
    }).then(function (response) {
      if (!response.ok) { throw new Error("sync refused: " + response.status); }
      return response.json();
    }).then(function (data) {
      var labels = {};
      items.forEach(function (item) { labels[item.key] = item.label; });
      return store("queue", "readwrite", function (s) {
        data.results.forEach(function (result) { s.delete(result.key); });
      }).then(function () {
        return store("results", "readwrite", function (s) {
          data.results.forEach(function (result) {
            s.put({ key: result.key, status: result.status, message: result.message,
              label: labels[result.key] || "", at: Date.now() });
          });
        });
      }).then(function () {
        tell({ type: "synced" });
        return data.results.length;
      });
    });
  });
  var done = function () { flushing = null; };
  flushing.then(done, done);
  return flushing;
}

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true }).then(function (list) {
    list.forEach(function (client) { client.postMessage(message); });
  });
}

// --- Push reminders --------------------------------------------------------------------------
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var title = data.title || "Reminder";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    tag: data.tag || "reminder",
    icon: "/static/img/icons/icon-192.png",
    badge: "/static/img/icons/icon-192.png",
    data: { url: data.url || "/today/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || "/today/", self.location.origin);
  if (target.origin !== self.location.origin) { target = new URL("/today/", self.location.origin); }
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if ("focus" in list[i] && "navigate" in list[i]) {
        return list[i].navigate(target.href).then(function (client) { return client && client.focus(); });
      }
    }
    return self.clients.openWindow(target.href);
  }));
});

// --- Life cycle and routing ------------------------------------------------------------------
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    return cache.addAll([
      new Request(OFFLINE_URL, { credentials: "omit" }),
      "/static/css/site.css",
      "/static/js/offline.js",
      "/static/img/icons/icon-192.png"
    ]);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("static-") === 0 && n !== STATIC_CACHE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST") {
    if (request.mode !== "navigate") { return; }
    if (PRACTICE_POST.test(url.pathname) || DIARY_QUICK_POST.test(url.pathname) ||
        DIARY_POST.test(url.pathname)) {
      event.respondWith(postOrQueue(request));
    } else if (url.pathname.indexOf("/accounts/") !== 0) {
      // Any other form (the stop questions among them) is not queued: offline, the patient gets
      // the offline page, which says what to do if they feel unwell.
      event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE_URL); }));
    }
    return;
  }
  if (request.method !== "GET") { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFirst(request));
    return;
  }
  if (keepable(url)) {
    event.respondWith(networkThenKept(request));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE_URL); }));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) { event.waitUntil(flush()); }
});

self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "flush") {
    event.waitUntil(flush().catch(function () { return tell({ type: "still-waiting" }); }));
  } else if (type === "warm") {
    event.waitUntil(warm().catch(function () {}));
  } else if (type === "forget") {
    // Send what is waiting if the network allows, then wipe this owner's copies and queue.
    generation += 1;
    event.waitUntil(flush().catch(function () {}).then(ownerCaches).then(function (names) {
      return Promise.all(names.map(function (n) { return caches.delete(n); }));
    }).then(function () {
      return store("queue", "readwrite", function (s) { s.clear(); });
    }).then(function () {
      return store("results", "readwrite", function (s) { s.clear(); });
    }).then(function () {
      if (event.ports && event.ports[0]) { event.ports[0].postMessage("forgotten"); }
    }));
  }
});

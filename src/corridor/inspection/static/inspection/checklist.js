// The visit checklist keeps its answers when the connection drops (progressive enhancement: without this script
// every answer is an ordinary form post). Each answer is sent at once; an answer that cannot be sent is kept in
// this phone's localStorage and sent again when the connection comes back or the page is opened again.
(function () {
  "use strict";
  var root = document.querySelector("[data-checklist]");
  if (!root || !window.fetch || !window.localStorage) { return; }
  var key = "corridor.checklist." + root.getAttribute("data-checklist");
  var messages = {
    saved: root.getAttribute("data-saved"),
    queued: root.getAttribute("data-queued"),
    failed: root.getAttribute("data-failed")
  };

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function store(pending) {
    if (Object.keys(pending).length) { localStorage.setItem(key, JSON.stringify(pending)); }
    else { localStorage.removeItem(key); }
  }
  function status(item, text) {
    var el = root.querySelector('[data-status-for="' + item + '"]');
    if (el) { el.textContent = text; }
  }
  function formFor(item) { return root.querySelector('form[data-item="' + item + '"]'); }

  function send(item, fields) {
    var form = formFor(item);
    var body = new FormData();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    });
  }

  function fieldsOf(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) { fields[name] = value; });
    return fields;
  }

  function flush() {
    var pending = load();
    Object.keys(pending).forEach(function (item) {
      if (!formFor(item)) { return; }
      send(item, pending[item]).then(function () {
        var now = load(); delete now[item]; store(now); status(item, messages.saved);
      }).catch(function () { status(item, messages.queued); });
    });
  }

  // Restore what this phone kept but the server does not have yet.
  var kept = load();
  Object.keys(kept).forEach(function (item) {
    var form = formFor(item);
    if (!form) { return; }
    var choice = form.querySelector('input[name="answer"][value="' + kept[item].answer + '"]');
    if (choice) { choice.checked = true; }
    var note = form.querySelector('[name="note"]');
    if (note && kept[item].note !== undefined) { note.value = kept[item].note; }
    status(item, messages.queued);
  });

  root.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-item]");
    if (!form) { return; }
    event.preventDefault();
    var item = form.getAttribute("data-item");
    var fields = fieldsOf(form);
    var pending = load(); pending[item] = fields; store(pending);
    status(item, messages.queued);
    send(item, fields).then(function () {
      var now = load(); delete now[item]; store(now); status(item, messages.saved);
    }).catch(function () { status(item, navigator.onLine === false ? messages.queued : messages.failed); });
  });

  window.addEventListener("online", flush);
  if (navigator.onLine !== false) { flush(); }
})();

/* Registers the service worker that keeps the worker's certificate page, the node's keys and the last revocation
   list for use without a connection, and says how old that list is when the page is read offline. */
(function () {
  var age = document.getElementById("revocations-age");
  if (age && age.dataset.issued) {
    var days = Math.floor((Date.now() - Date.parse(age.dataset.issued)) / 86400000);
    var out = age.querySelector("[data-days]");
    if (out && days >= 0) { out.textContent = String(days); age.hidden = false; }
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/offline-sw.js", {scope: "/"}).catch(function () {});
  }
})();

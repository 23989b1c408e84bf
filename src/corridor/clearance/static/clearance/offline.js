/* Registers the service worker that keeps the worker's certificate page, the node's keys and the last revocation
   list for use without a connection, and says how old that list is when the page is read offline. On /verify/,
   when the network cannot be reached, checks the pasted certificate on this device (spec/clearance/v1): strict
   base64url, EdDSA (Ed25519) by a kept key of this node, expiry, and the kept halt list (none: never "valid"). */
(function () {
  var script = document.currentScript && document.currentScript.src;
  var age = document.getElementById("revocations-age");
  if (age && age.dataset.issued) {
    var days = Math.floor((Date.now() - Date.parse(age.dataset.issued)) / 86400000);
    var out = age.querySelector("[data-days]");
    if (out && days >= 0) { out.textContent = String(days); age.hidden = false; }
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/offline-sw.js", {scope: "/"}).catch(function () {});
  }
  var form = document.getElementById("verify-form"), box = document.getElementById("offline-verdict");
  if (!form || !box || !window.crypto || !crypto.subtle) return;

  function b64(text) {  // strict base64url: the alphabet, no padding, no stray bits
    if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw "unreadable";
    var bin = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") !== text) throw "unreadable";
    return bytes;
  }
  function json(bytes) {
    var value = JSON.parse(new TextDecoder("utf-8", {fatal: true}).decode(bytes));
    if (!value || typeof value !== "object" || Array.isArray(value)) throw "unreadable";
    return value;
  }
  function cached(url) {
    return caches.match(url).then(function (hit) { return hit ? hit.json() : null; }).catch(function () { return null; });
  }
  // Verify a compact JWS of one of `types` with the node's keys: resolves to the payload, or rejects with a verdict.
  function jws(token, types, keys) {
    var parts = String(token).trim().split(".");
    if (parts.length !== 3) return Promise.reject("unreadable");
    var header, body, signature;
    try { header = json(b64(parts[0])); body = b64(parts[1]); signature = b64(parts[2]); }
    catch (e) { return Promise.reject("unreadable"); }
    if (types.indexOf(header.typ) < 0) return Promise.reject("unreadable");
    if (header.alg !== "EdDSA" || typeof header.kid !== "string") return Promise.reject("invalid");
    var jwk = keys.filter(function (k) { return k && k.kid === header.kid && k.kty === "OKP" && k.crv === "Ed25519"; })[0];
    if (!jwk) return Promise.reject("unknown_key");
    return crypto.subtle.importKey("jwk", {kty: "OKP", crv: "Ed25519", x: jwk.x}, {name: "Ed25519"}, false, ["verify"])
      .then(function (key) {
        return crypto.subtle.verify("Ed25519", key, signature, new TextEncoder().encode(parts[0] + "." + parts[1]));
      })
      .then(function (ok) { if (!ok) throw "invalid"; return json(body); })  // the payload is read once it is genuine
      .catch(function (e) { throw typeof e === "string" ? e : "invalid"; });
  }
  function claims(p, node) {  // the credential (vc+jwt) or the earlier short claims, as {ref, name, dep, exp}
    var subject = p.credentialSubject, issuer = p.issuer;
    if (subject && issuer) {
      var types = p.type || [], ref = String(p.id || "").split(":");
      if (types.indexOf("VerifiableCredential") < 0 || types.indexOf("DepartureClearance") < 0 ||
          ref.slice(0, 3).join(":") !== "urn:corridor:clearance" || ref[3] !== issuer.country) throw "invalid";
      if (issuer.country !== node.country || (node.url && issuer.id !== node.url)) throw "invalid";
      return {ref: ref.slice(4).join(":"), name: subject.name, dep: subject.departBy,
              exp: typeof p.exp === "number" ? p.exp : Date.parse(p.validUntil) / 1000};
    }
    if (p.iss !== node.country || !p.jti) throw "invalid";
    return {ref: p.jti, name: p.name, dep: p.dep, exp: p.exp};
  }
  function halts(keys) {  // the kept halt list, verified: {halted: {ref: at}, days} or null
    return cached("/api/v1/clearances/revocations").then(function (list) {
      if (!list || !list.token) return null;
      return jws(list.token, ["corridor-revocations+jws"], keys).then(function (p) {
        var halted = {};
        (p.halted || []).forEach(function (item) { halted[item.jti] = item.at || ""; });
        return {halted: halted, days: Math.max(0, Math.floor((Date.now() / 1000 - p.iat) / 86400))};
      }, function () { return null; });
    });
  }
  function node() {
    return cached("/.well-known/corridor-node.json").then(function (doc) {
      return {keys: (doc && doc.keys) || [], info: (doc && doc.node) || {}};
    });
  }
  function show(status, message, facts, list) {
    box.className = "verdict verdict-" + status;
    box.querySelector("h2").textContent = box.getAttribute("data-" + status);
    box.querySelector("[data-message]").textContent = box.getAttribute("data-m-" + (message || status)) || "";
    var ageLine = box.querySelector("[data-age]");
    ageLine.hidden = !list;
    if (list) ageLine.querySelector("[data-days]").textContent = String(list.days);
    var dl = box.querySelector("[data-facts]");
    dl.hidden = !facts;
    ["ref", "name", "dep"].forEach(function (f) { dl.querySelector('[data-f="' + f + '"]').textContent = facts ? (facts[f] || "") : ""; });
    box.hidden = false;
    var served = document.querySelector(".verdict:not(#offline-verdict)");
    if (served) served.hidden = true;
    box.scrollIntoView();
  }
  function check(token) {
    return node().then(function (n) {
      return halts(n.keys).then(function (list) {
        return jws(token, ["vc+jwt", "corridor-clearance+jws"], n.keys).then(function (payload) {
          var c = claims(payload, n.info);
          if (list && Object.prototype.hasOwnProperty.call(list.halted, c.ref)) return show("halted", "", c, list);
          if (!(c.exp > Date.now() / 1000)) return show("expired", "", c, list);
          return show(list ? "valid" : "revocation_not_checked", "", c, list);
        }).catch(function (verdict) {
          verdict = typeof verdict === "string" ? verdict : "invalid";
          show(verdict === "unknown_key" ? "invalid" : verdict, verdict, null, list);
        });
      });
    });
  }
  function reachable() {  // the service worker answers only GETs, so this HEAD goes to the network or fails
    if (navigator.onLine === false) return Promise.resolve(false);
    return fetch(script || location.pathname, {method: "HEAD", cache: "no-store"})
      .then(function () { return true; }, function () { return false; });
  }
  form.addEventListener("submit", function (event) {
    var token = (form.elements.token && form.elements.token.value || "").trim();
    if (!token || form.dataset.online) return;
    event.preventDefault();
    reachable().then(function (online) {
      if (online) { form.dataset.online = "1"; form.submit(); } else { check(token); }
    });
  });
  if (navigator.onLine === false) {
    node().then(function (n) { return halts(n.keys); }).then(function (list) {
      var line = document.getElementById("offline-list-age");
      if (list && line) { line.querySelector("[data-days]").textContent = String(list.days); line.hidden = false; }
    });
  }
})();

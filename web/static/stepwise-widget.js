/*!
 * Stepwise web widget - step up / step down guidance chat for a Rasa bot.
 *
 * Embed with ONE tag (the stylesheet and the vendored socket.io client are
 * loaded from the same folder as this script):
 *
 *   <script src="https://host/static/stepwise-widget.js"
 *           data-server="https://host" defer></script>
 *
 * Optional attributes: data-socket-path (default: <server path>/socket.io/),
 * data-title, data-subtitle, data-initial-payload (sent once when a new
 * conversation starts), data-open="true", data-target="#css-selector"
 * (render inline in that element instead of a floating panel),
 * data-session-ttl (minutes of inactivity after which a new conversation
 * starts; default 60), data-max-chars (the longest message the server reads;
 * default 2000), data-namespace, data-user-event, data-bot-event.
 *
 * Security: message content is NEVER inserted as HTML. Everything is built
 * with createElement/textContent; links are made only for http, https,
 * mailto and tel URLs.
 */
(function () {
  "use strict";

  var VERSION = "0.1.0";
  if (window.StepwiseWidget && window.StepwiseWidget.mounted) {
    return; // one widget per page
  }

  // ------------------------------------------------------------------
  // Configuration from the <script> tag
  // ------------------------------------------------------------------
  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll("script[src*='stepwise-widget']");
    script = candidates[candidates.length - 1] || null;
  }
  var scriptUrl = new URL(script && script.src ? script.src : "stepwise-widget.js", location.href);
  var assetBase = new URL(".", scriptUrl);

  function attr(name, fallback) {
    var v = script ? script.getAttribute("data-" + name) : null;
    return v === null || v === undefined || v === "" ? fallback : v;
  }

  var serverUrl;
  try {
    serverUrl = new URL(attr("server", scriptUrl.origin + "/"), scriptUrl);
    if (!/^https?:$/.test(serverUrl.protocol)) throw new Error("unsupported server URL");
  } catch (e) {
    serverUrl = new URL(scriptUrl.origin + "/");
  }
  var serverPath = serverUrl.pathname.replace(/\/+$/, "");
  var cfg = {
    server: serverUrl.origin + serverPath,
    origin: serverUrl.origin,
    socketPath: attr("socket-path", serverPath + "/socket.io/"),
    namespace: attr("namespace", ""),
    userEvent: attr("user-event", "user_uttered"),
    botEvent: attr("bot-event", "bot_uttered"),
    title: attr("title", "Stepwise"),
    subtitle: attr("subtitle", "Step up and step down guidance"),
    launcherText: attr("launcher-text", "Ask Stepwise"),
    initialPayload: attr("initial-payload", ""),
    open: attr("open", "false") === "true",
    target: attr("target", ""),
    ttlMs: Math.max(1, parseFloat(attr("session-ttl", "60")) || 60) * 60000,
    // the longest message the server reads (stepwise_rasa/channel.py MAX_MESSAGE_CHARS), in characters
    maxChars: Math.max(1, Math.floor(+attr("max-chars", "2000")) || 2000),
    replyTimeoutMs: 20000
  };
  var STORE_KEY = "stepwise:v1:" + cfg.server;

  // ------------------------------------------------------------------
  // Small DOM helpers (no innerHTML anywhere)
  // ------------------------------------------------------------------
  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return "sw-" + prefix + "-" + uid;
  }

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key === "hidden") node.hidden = true;
        else if (key.slice(0, 2) === "on" && typeof value === "function") {
          node.addEventListener(key.slice(2), value);
        } else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    appendChildren(node, children);
    return node;
  }

  function appendChildren(node, children) {
    if (children === null || children === undefined) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      if (typeof child === "string" || typeof child === "number") {
        node.appendChild(document.createTextNode(String(child)));
      } else {
        node.appendChild(child);
      }
    });
    return node;
  }

  function vh(text) {
    return el("span", { class: "sw-vh", text: text });
  }

  function str(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return "";
  }

  function list(value) {
    return Array.isArray(value) ? value.filter(function (x) { return x !== null && x !== undefined; }) : [];
  }

  // ------------------------------------------------------------------
  // Safe links
  // ------------------------------------------------------------------
  var SAFE_SCHEMES = { "http:": true, "https:": true, "mailto:": true, "tel:": true };

  /** Returns a normalised href when `url` is an absolute http(s)/mailto/tel URL, else null. */
  function safeHref(url) {
    if (typeof url !== "string") return null;
    var trimmed = url.trim();
    if (!trimmed || /[\u0000-\u001f\u007f\s]/.test(trimmed)) return null;
    var parsed;
    try {
      parsed = new URL(trimmed); // no base: relative URLs are rejected
    } catch (e) {
      return null;
    }
    if (!SAFE_SCHEMES[parsed.protocol]) return null;
    if ((parsed.protocol === "http:" || parsed.protocol === "https:") && !parsed.hostname) return null;
    return parsed.href;
  }

  function link(href, children, opts) {
    opts = opts || {};
    var safe = safeHref(href);
    if (!safe) return null;
    var a = el("a", { class: "sw-link" + (opts.className ? " " + opts.className : ""), href: safe });
    appendChildren(a, children);
    if (/^https?:/i.test(safe) && a.textContent.trim() !== safe && a.textContent.trim() !== href.trim()) {
      a.classList.add("sw-link--labelled"); // print shows the address after the label
    }
    if (/^https?:/i.test(safe)) {
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.appendChild(vh(" (opens in a new tab)"));
    }
    return a;
  }

  var EMAIL_RE = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
  // UK-style phone numbers: 0xxxx / +44 forms (8-11 digits) and 999.
  var PHONE_RE = /(\+44\s?(?:\(0\)\s?)?\d[\d \-]{7,13}\d|\b0\d[\d \-]{5,13}\d\b|\b999\b)/g;

  function telHref(phone) {
    var digits = phone.replace(/\(0\)/, "").replace(/[^\d+]/g, "");
    var count = digits.replace(/\D/g, "").length;
    if (digits === "999") return "tel:999";
    if (digits.charAt(0) === "+" ? count < 10 || count > 13 : count < 8 || count > 11) return null;
    return "tel:" + digits;
  }

  function appendPlain(parent, text, opts) {
    if (!text) return;
    if (opts && opts.phones === false) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var last = 0;
    text.replace(PHONE_RE, function (match, _g, offset) {
      var href = telHref(match);
      if (!href) return match;
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      parent.appendChild(el("a", { class: "sw-link sw-phone", href: href, text: match.trim() }));
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // [label](url) | bare http(s) URL | email | **bold**
  var INLINE_RE = /\[([^\[\]\n]{1,300})\]\(([^()\s]{1,2048})\)|(\bhttps?:\/\/[^\s<>"'`]+)|([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})|\*\*([^*\n]{1,500})\*\*/g;

  /** Renders bot text as text nodes, with safe links only. Never parses HTML. */
  function renderInline(parent, text, opts) {
    text = str(text);
    var last = 0;
    var match;
    INLINE_RE.lastIndex = 0;
    while ((match = INLINE_RE.exec(text)) !== null) {
      appendPlain(parent, text.slice(last, match.index), opts);
      var whole = match[0];
      var node = null;
      var trailing = "";
      if (match[1] !== undefined) {
        node = link(match[2], match[1]);
        if (!node) node = document.createTextNode(whole); // unsafe scheme: show as text
      } else if (match[3] !== undefined) {
        var url = match[3];
        var trim = /[.,;:!?)\]]+$/.exec(url);
        if (trim) {
          trailing = trim[0];
          url = url.slice(0, url.length - trailing.length);
        }
        node = link(url, url) || document.createTextNode(url);
      } else if (match[4] !== undefined) {
        node = link("mailto:" + match[4], match[4]) || document.createTextNode(match[4]);
      } else if (match[5] !== undefined) {
        node = el("strong");
        appendPlain(node, match[5], opts);
      }
      parent.appendChild(node);
      if (trailing) appendPlain(parent, trailing, opts);
      last = match.index + whole.length;
    }
    appendPlain(parent, text.slice(last), opts);
    return parent;
  }

  var LIST_LINE_RE = /^[ \t]*[-*\u2022][ \t]+(?=\S)/;

  /** Bot text with its simple "- item" lines as a bulleted list; other lines as
   * renderInline renders them (the bubble keeps their line breaks). */
  function renderBlocks(parent, text, opts) {
    text = str(text);
    var lines = text.split("\n");
    if (!lines.some(function (l) { return LIST_LINE_RE.test(l); })) return renderInline(parent, text, opts);
    var run = [];
    var ul = null;
    function flush() {
      if (!run.length) return;
      // a trailing space (invisible at a line's end) keeps the words apart in textContent (announcements)
      renderInline(parent.appendChild(el("span", { class: "sw-lines" })), run.join("\n") + " ", opts);
      run = [];
    }
    lines.forEach(function (line) {
      if (LIST_LINE_RE.test(line)) {
        flush();
        if (!ul) ul = parent.appendChild(el("ul", { class: "sw-list sw-list--bullet sw-bubble__list" }));
        ul.appendChild(renderInline(el("li"), line.replace(LIST_LINE_RE, "") + " ", opts));
      } else {
        ul = null;
        run.push(line);
      }
    });
    flush();
    return parent;
  }

  /** The markdown of the extracted documents as plain text (the server does
   * the same in guidance/render.plain; this covers decisions sent without it). */
  function plainQuote(text) {
    return str(text)
      .replace(/\[([^\[\]\n]+)\]\((https?:\/\/[^()\s]+)\)/g, function (m, label, url) { return label === url ? label : label + " (" + url + ")"; })
      .replace(/\[([^\[\]\n]+)\]\((?!https?:\/\/)[^()\s]*\)/g, "$1")
      .replace(/(\*\*|__)(?=\S)([\s\S]+?)(\S)\1/g, "$2$3")
      .replace(/\*\*/g, "")
      .replace(/^\s{0,3}#{1,6}\s*/gm, "")
      .replace(/\\([\\`*_{}\[\]()#+\-.!>])/g, "$1")
      .replace(/[ \t]+/g, " ")
      .trim();
  }

  // ------------------------------------------------------------------
  // Dates
  // ------------------------------------------------------------------
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function parseIsoDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(str(value));
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3];
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return date;
  }

  function formatDate(value) {
    var date = parseIsoDate(value);
    if (!date) return str(value);
    return DAYS[date.getUTCDay()] + " " + date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function icsDate(date) {
    return date.getUTCFullYear() + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate());
  }

  // ------------------------------------------------------------------
  // Decision helpers: plain text and iCalendar
  // ------------------------------------------------------------------
  function sourceLabel(source) {
    if (!source || typeof source !== "object") return "";
    // the section's own title, never its internal id
    var doc = str(source.doc_title) || str(source.doc);
    var title = str(source.section_title);
    return doc + (title ? (doc ? ", " : "") + "\u201c" + title + "\u201d" : "");
  }

  function sourceKey(source) {
    return [str(source.doc), str(source.section), plainQuote(source.quote).toLowerCase().replace(/\W+/g, " ").trim()].join("|");
  }

  /** Every statement's source numbered: one entry per distinct passage. The
   * server sends them (decision.sources, source.n: guidance/render.widget_decision);
   * for a decision without them the widget numbers them itself. */
  function numberSources(d) {
    if (Array.isArray(d.sources) && d.sources.length) {
      return d.sources.filter(function (x) { return x && typeof x === "object"; });
    }
    var out = [];
    var keys = {};
    function walk(dd) {
      if (!dd || typeof dd !== "object") return;
      if (str(dd.status) === "conditional") {
        list(dd.branches).forEach(function (b) { walk(b && b.decision); });
        return;
      }
      var items = [dd.route].concat(list(dd.steps), list(dd.contacts), list(dd.checklist), list(dd.deadlines),
        list(dd.notes).filter(function (n) { return str(n.kind) !== "info"; }),
        list(dd.notes).filter(function (n) { return str(n.kind) === "info"; }));
      items.forEach(function (it) {
        var src = it && typeof it === "object" ? it.source : null;
        if (!src || typeof src !== "object" || !str(src.doc)) return;
        var key = sourceKey(src);
        if (!keys[key]) {
          out.push({ n: out.length + 1, doc: str(src.doc), doc_title: str(src.doc_title) || str(src.doc),
            section_title: str(src.section_title), quote: plainQuote(src.quote) });
          keys[key] = out.length;
        }
        if (!(+src.n > 0)) src.n = keys[key];
      });
    }
    walk(d);
    return out;
  }

  var STATUS_TITLES = {
    complete: "What to do",
    urgent: "Urgent: act now",
    out_of_area: "This area is not covered",
    not_found: "No matching route was found",
    needs_facts: "More information is needed"
  };

  function decisionTitle(d) {
    var route = d && d.route && typeof d.route === "object" ? d.route : null;
    return str(route && route.title) || STATUS_TITLES[str(d && d.status)] || "Your answer";
  }

  function hubContactText(d) {
    var hub = str(d.hub) || "the hub";
    switch (str(d.hub_contact)) {
      case "yes": return "Yes, contact " + hub;
      case "no": return "No, you do not need to contact " + hub;
      case "urgent": return "Yes, contact " + hub + " urgently";
      default: return "";
    }
  }

  function contactKindLabel(kind) {
    return {
      phone: "Phone", email: "Email", web_form: "Online form", form: "Form", system: "System",
      meeting: "Meeting", team: "Team"
    }[str(kind)] || "";
  }

  function factValue(f) {
    if (str(f.value_label)) return str(f.value_label);
    if (f.value === true) return "Yes";
    if (f.value === false) return "No";
    return str(f.value) || "Not given";
  }

  function decisionToText(d, facts) {
    var lines = [];
    var where = [str(d.area_name), str(d.hub)].filter(Boolean).join(", ");
    lines.push("Stepwise record: step up / step down guidance" + (where ? " - " + where : ""));
    var now = new Date();
    lines.push("Made on " + formatDate(now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate())) +
      " at " + pad(now.getHours()) + ":" + pad(now.getMinutes()));
    lines.push("");
    lines.push(decisionTitle(d));
    var route = d.route && typeof d.route === "object" ? d.route : {};
    if (str(route.summary)) lines.push(str(route.summary));
    var hub = hubContactText(d);
    if (hub) lines.push("Contact the hub: " + hub);
    function section(title, items, fmt) {
      items = list(items);
      if (!items.length) return;
      lines.push("");
      lines.push(title);
      items.forEach(function (item, i) { lines.push(fmt(item, i)); });
    }
    section("What to do:", d.steps, function (s, i) { return (i + 1) + ". " + str(s.text); });
    section("Who to contact:", d.contacts, function (c) {
      var kind = contactKindLabel(c.kind);
      var line = "- " + str(c.name) + (kind ? " (" + kind.toLowerCase() + ")" : "");
      if (str(c.value)) line += ": " + str(c.value);
      if (str(c.use)) line += " - " + str(c.use);
      return line;
    });
    section("What to include or have ready:", d.checklist, function (c) { return "[ ] " + str(c.text); });
    section("Deadlines:", d.deadlines, function (dl) {
      var due = parseIsoDate(dl.due) ? formatDate(dl.due) : "date not known yet";
      return "- " + str(dl.text) + ": " + due + (str(dl.basis) ? " (" + str(dl.basis) + ")" : "");
    });
    section("Things to know:", d.notes, function (n) {
      var prefix = { warning: "Warning: ", gap: "Gap in the guidance: " }[str(n.kind)] || "";
      return "- " + prefix + str(n.text);
    });
    section("Still needed:", d.missing, function (m) { return "- " + str(m.question); });
    section("Your answers:", facts, function (f) { return "- " + str(f.label) + ": " + factValue(f); });
    section("Sources:", numberSources(d), function (c) {
      return "[" + c.n + "] " + sourceLabel(c) + (str(c.quote) ? ": \u201c" + plainQuote(c.quote) + "\u201d" : "");
    });
    section("Guidance documents:", d.documents, function (doc) {
      return "- " + str(doc.title) + (str(doc.review_date) ? " (review date " + str(doc.review_date) + ")" : "");
    });
    lines.push("");
    lines.push("Check the local protocol before you act. If a child is in immediate danger, call 999.");
    return lines.join("\n");
  }

  function icsText(value) {
    return str(value)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");
  }

  var encoder = typeof TextEncoder !== "undefined" ? new TextEncoder() : null;
  function utf8Length(ch) {
    if (encoder) return encoder.encode(ch).length;
    var code = ch.codePointAt(0);
    return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }

  /** Folds a content line to 75 octets (RFC 5545 3.1), never splitting a UTF-8 character. */
  function foldLine(line) {
    var out = [];
    var current = "";
    var bytes = 0;
    Array.from(line).forEach(function (ch) {
      var n = utf8Length(ch);
      if (bytes + n > 75) {
        out.push(current);
        current = " ";
        bytes = 1;
      }
      current += ch;
      bytes += n;
    });
    out.push(current);
    return out.join("\r\n");
  }

  function hash(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function buildIcs(d, now) {
    now = now || new Date();
    var stamp = now.getUTCFullYear() + pad(now.getUTCMonth() + 1) + pad(now.getUTCDate()) + "T" +
      pad(now.getUTCHours()) + pad(now.getUTCMinutes()) + pad(now.getUTCSeconds()) + "Z";
    var route = d.route && typeof d.route === "object" ? d.route : {};
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Stepwise//Step up step down widget " + VERSION + "//EN",
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    var count = 0;
    list(d.deadlines).forEach(function (dl, i) {
      var start = parseIsoDate(dl.due);
      if (!start) return;
      var end = new Date(start.getTime() + 86400000);
      var description = [str(dl.basis), decisionTitle(d),
        [str(d.area_name), str(d.hub)].filter(Boolean).join(", "),
        dl.source ? "Source: " + sourceLabel(dl.source) : "",
        "From Stepwise: check the local protocol before you act."].filter(Boolean).join("\n");
      count += 1;
      lines.push("BEGIN:VEVENT");
      lines.push("UID:stepwise-" + icsDate(start) + "-" + (i + 1) + "-" +
        hash(str(route.id) + "|" + str(dl.text) + "|" + str(dl.due)) + "@stepwise.widget");
      lines.push("DTSTAMP:" + stamp);
      lines.push("DTSTART;VALUE=DATE:" + icsDate(start));
      lines.push("DTEND;VALUE=DATE:" + icsDate(end));
      lines.push("SUMMARY:" + icsText(str(dl.text) || "Stepwise deadline"));
      lines.push("DESCRIPTION:" + icsText(description));
      lines.push("TRANSP:TRANSPARENT");
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    if (!count) return null;
    return lines.map(foldLine).join("\r\n") + "\r\n";
  }

  // ------------------------------------------------------------------
  // Storage (session id + transcript), tolerant of blocked storage
  // ------------------------------------------------------------------
  function emptyStore() {
    return { v: 1, sessionId: null, updated: Date.now(), started: false, items: [], open: false,
      expanded: false, checks: {} };
  }

  function loadStore() {
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      if (!raw) return emptyStore();
      var data = JSON.parse(raw);
      if (!data || data.v !== 1 || !Array.isArray(data.items)) return emptyStore();
      if (Date.now() - (+data.updated || 0) > cfg.ttlMs) return emptyStore();
      data.checks = data.checks && typeof data.checks === "object" ? data.checks : {};
      return data;
    } catch (e) {
      return emptyStore();
    }
  }

  var store = loadStore();

  function saveStore() {
    store.updated = Date.now();
    if (store.items.length > 400) store.items = store.items.slice(-400);
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(store));
    } catch (e) {
      /* storage full or blocked: the conversation still works */
    }
  }

  // ------------------------------------------------------------------
  // Loading assets (stylesheet + vendored socket.io) from the script's folder
  // ------------------------------------------------------------------
  function loadStylesheet() {
    return new Promise(function (resolve) {
      var href = new URL("stepwise-widget.css?v=" + VERSION, assetBase).href;
      var existing = document.querySelector("link[data-stepwise-css]");
      if (existing) return resolve();
      var linkEl = document.createElement("link");
      linkEl.rel = "stylesheet";
      linkEl.href = href;
      linkEl.setAttribute("data-stepwise-css", "");
      linkEl.onload = function () { resolve(); };
      linkEl.onerror = function () { resolve(); };
      document.head.appendChild(linkEl);
      setTimeout(resolve, 3000);
    });
  }

  var ioPromise = null;
  function loadSocketIo() {
    if (ioPromise) return ioPromise;
    ioPromise = new Promise(function (resolve, reject) {
      var previous = window.io;
      var amd = typeof window.define === "function" && window.define.amd ? window.define.amd : null;
      if (amd) window.define.amd = undefined; // make the UMD bundle set a global, not an AMD module
      var s = document.createElement("script");
      s.src = new URL("vendor/socket.io.min.js?v=" + VERSION, assetBase).href;
      s.async = true;
      s.onload = function () {
        if (amd) window.define.amd = amd;
        var ours = window.io;
        // give the host page its own `io` back, if it had one
        if (previous !== undefined) window.io = previous;
        else {
          try { delete window.io; } catch (e) { window.io = undefined; }
        }
        if (typeof ours === "function") resolve(ours);
        else reject(new Error("socket.io did not load"));
      };
      s.onerror = function () {
        if (amd) window.define.amd = amd;
        ioPromise = null;
        reject(new Error("socket.io could not be loaded"));
      };
      document.head.appendChild(s);
    });
    return ioPromise;
  }

  // ------------------------------------------------------------------
  // UI
  // ------------------------------------------------------------------
  var ui = {};
  var inline = !!cfg.target;
  var state = {
    socket: null,
    ready: false,
    queue: [],
    waiting: false,
    replyTimer: null,
    phase: "idle", // idle | asking | decided | urgent
    facts: [],
    turn: null,
    activeReplies: null,
    keyboard: false, // last interaction was the keyboard
    keyboardFlow: false, // user answered with the keyboard: move focus to what comes next
    restoring: false,
    itemIndex: -1
  };

  function newTurn() {
    state.turn = { texts: [], decisionPanel: null, facts: null, first: null, urgent: null };
  }
  newTurn();

  function buildUi() {
    var rootTag = inline ? "section" : "aside";
    ui.root = el(rootTag, {
      class: "sw-root " + (inline ? "sw-root--inline" : "sw-root--floating"),
      id: "stepwise-widget",
      "aria-label": cfg.title + ": " + cfg.subtitle.toLowerCase(),
      "data-version": VERSION
    });
    ui.root.style.display = "none"; // until the stylesheet has loaded

    if (!inline) {
      ui.launcher = el("button", {
        type: "button", class: "sw-launcher", "aria-expanded": "false", "aria-controls": "sw-panel",
        onclick: function () { setOpen(!store.open, true); }
      }, [el("span", { class: "sw-launcher__icon", "aria-hidden": "true" }), el("span", { class: "sw-launcher__text", text: cfg.launcherText })]);
      ui.root.appendChild(ui.launcher);
    }

    ui.panel = el("div", { class: "sw-panel", id: "sw-panel" });
    if (!inline) ui.panel.hidden = true;

    // header
    var actions = el("div", { class: "sw-header__actions" });
    ui.restartBtn = el("button", { type: "button", class: "sw-hbtn", text: "Start again", onclick: askRestart });
    actions.appendChild(ui.restartBtn);
    if (!inline) {
      ui.expandBtn = el("button", { type: "button", class: "sw-hbtn sw-hbtn--expand", "aria-pressed": "false",
        text: "Larger view", onclick: function () { state.userSmaller = store.expanded; setExpanded(!store.expanded); } });
      ui.closeBtn = el("button", { type: "button", class: "sw-hbtn", text: "Close",
        "aria-label": "Close " + cfg.title, onclick: function () { setOpen(false, true); } });
      actions.appendChild(ui.expandBtn);
      actions.appendChild(ui.closeBtn);
    }
    ui.panel.appendChild(el("div", { class: "sw-header" }, [
      el("div", { class: "sw-header__titles" }, [
        el("h2", { class: "sw-title", text: cfg.title }),
        el("p", { class: "sw-subtitle", text: cfg.subtitle })
      ]),
      actions
    ]));
    buildScriptMode(actions); // call-handler script mode (issue 12): toggle, hint, number keys

    // restart confirmation
    ui.confirmYes = el("button", { type: "button", class: "sw-button sw-button--warning", text: "Yes, start again", onclick: doRestart });
    ui.confirmNo = el("button", { type: "button", class: "sw-button sw-button--secondary", text: "Cancel", onclick: cancelRestart });
    ui.confirm = el("div", { class: "sw-confirm", hidden: true, role: "group", "aria-labelledby": "sw-confirm-text" }, [
      el("p", { id: "sw-confirm-text", class: "sw-confirm__text", text: "Start again? This clears the conversation and your answers." }),
      el("div", { class: "sw-button-group" }, [ui.confirmYes, ui.confirmNo])
    ]);
    ui.panel.appendChild(ui.confirm);

    ui.conn = el("p", { class: "sw-conn", role: "status" });
    ui.panel.appendChild(ui.conn);

    // progress
    ui.progressText = el("p", { class: "sw-progress__text", id: "sw-progress-text" });
    ui.progressBar = el("progress", { class: "sw-progress__bar", max: "1", value: "0", "aria-labelledby": "sw-progress-text" });
    ui.progressWhyText = el("p", { class: "sw-details__text" });
    ui.progressWhy = el("details", { class: "sw-details sw-progress__why", hidden: true }, [
      el("summary", { class: "sw-details__summary", text: "Why we ask this" }), ui.progressWhyText]);
    ui.progress = el("div", { class: "sw-progress", hidden: true }, [ui.progressText, ui.progressBar, ui.progressWhy]);
    ui.panel.appendChild(ui.progress);

    // check your answers (current)
    ui.answersSummary = el("summary", { class: "sw-answers__summary" }, "Check your answers");
    ui.answersBody = el("div", { class: "sw-answers__body" });
    ui.answers = el("details", { class: "sw-answers", hidden: true }, [ui.answersSummary, ui.answersBody]);
    ui.panel.appendChild(ui.answers);

    // log
    // The log is not a live region: each bot turn announces its question once,
    // through ui.announcer (moving and folding messages must not re-read them).
    ui.log = el("div", { class: "sw-log", role: "log", "aria-live": "off", "aria-label": "Conversation with " + cfg.title, tabindex: "-1" });
    ui.announcer = el("div", { class: "sw-vh", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    ui.intro = el("div", { class: "sw-intro" }, [
      el("p", { text: "Stepwise helps you work out which step up or step down route applies, who to contact, what to send and by when, using your local protocol." }),
      el("p", { text: "Answer the questions or type your own. Do not type names or details that identify a child or family." })
    ]);
    ui.log.appendChild(ui.intro);
    ui.panel.appendChild(ui.log);
    ui.panel.appendChild(ui.announcer);

    ui.typing = el("div", { class: "sw-typing", role: "status" });
    ui.panel.appendChild(ui.typing);

    // input
    // No maxlength: it cuts a long paste silently. The count below says when a
    // message is near or over the server's limit, and a message over it is not sent.
    ui.input = el("input", { id: "sw-input", class: "sw-input", type: "text", name: "message", autocomplete: "off",
      "aria-describedby": "sw-input-hint sw-input-count" });
    ui.input.addEventListener("input", function () { updateCount(true); });
    ui.count = el("p", { class: "sw-count", id: "sw-input-count", hidden: true });
    ui.countStatus = el("div", { class: "sw-vh", role: "status", "aria-live": "polite" });
    ui.sendBtn = el("button", { type: "submit", class: "sw-button sw-send", text: "Send" });
    ui.form = el("form", { class: "sw-form", novalidate: true, onsubmit: onSubmit }, [
      el("label", { class: "sw-label", for: "sw-input", text: "Type your question or answer" }),
      el("div", { class: "sw-form__row" }, [ui.input, ui.sendBtn]),
      ui.count,
      el("p", { class: "sw-hint", id: "sw-input-hint", text: "If a child is in immediate danger, call 999." }),
      ui.countStatus
    ]);
    ui.panel.appendChild(ui.form);

    ui.root.appendChild(ui.panel);

    ui.root.addEventListener("keydown", function (e) {
      state.keyboard = true;
      if (e.key === "Escape") {
        if (!ui.confirm.hidden) {
          cancelRestart();
          e.preventDefault();
        } else if (!inline && store.open) {
          setOpen(false, true);
          e.preventDefault();
        }
      }
    });
    ui.root.addEventListener("pointerdown", function () { state.keyboard = false; }, true);
    // the Start again bar closes when another button is pressed (Escape and Cancel close it too)
    ui.root.addEventListener("click", function (e) {
      var b = e.target && e.target.closest ? e.target.closest("button") : null;
      if (b && b !== ui.restartBtn && !ui.confirm.contains(b)) closeConfirm();
    }, true);

    // WCAG 2.4.11 Focus Not Obscured: if focus moves to something on the host
    // page that the floating panel hides completely, make room for it.
    document.addEventListener("focusin", function (e) {
      var target = e.target;
      if (inline || !store.open || !target || !target.getBoundingClientRect || ui.root.contains(target)) return;
      var r = target.getBoundingClientRect();
      if (!r.width && !r.height) return;
      function hidden() {
        var p = ui.panel.getBoundingClientRect();
        return r.left >= p.left && r.right <= p.right && r.top >= p.top && r.bottom <= p.bottom;
      }
      if (!hidden()) return;
      if (store.expanded) {
        setExpanded(false);
        if (!hidden()) return;
      }
      setOpen(false, false);
    });
  }

  function mount() {
    buildUi();
    var target = null;
    if (inline) {
      try {
        target = document.querySelector(cfg.target);
      } catch (e) {
        target = null;
      }
    }
    (target || document.body).appendChild(ui.root);
    restoreTranscript();
    loadStylesheet().then(function () {
      ui.root.style.display = "";
      scrollLogToEnd();
    });
    if (inline || store.open || cfg.open) {
      setOpen(true, false);
    }
    if (store.items.length || inline) connect();
  }

  // ------------------------------------------------------------------
  // Call script mode for advice-line call-handlers (issue 12)
  // The toggle sends /set_mode{"mode": "script"|"normal"} (the bot keeps it in
  // the slot script_mode; questions then come as a Say: line with numbered
  // answers, 0 = I don't know). The choice is kept in the stored session. In
  // script mode the keys 1-9 and 0 press the numbered answer when focus is not
  // in the text box (which still takes free text).
  // ------------------------------------------------------------------
  var SCRIPT_PAYLOAD = { true: '/set_mode{"mode": "script"}', false: '/set_mode{"mode": "normal"}' };

  function buildScriptMode(actions) {
    ui.scriptBtn = el("button", { type: "button", class: "sw-hbtn sw-hbtn--script", "aria-pressed": "false",
      "aria-describedby": "sw-script-hint", text: "Call script mode",
      onclick: function () { sendScriptMode(!store.scriptMode, true); } });
    actions.insertBefore(ui.scriptBtn, actions.firstChild);
    ui.scriptHint = el("p", { class: "sw-script-hint", id: "sw-script-hint", hidden: true,
      text: "Call script mode: read each \u201cSay:\u201d line to the caller. Keys 1\u20139 pick their answer, 0 is \u201cI don't know\u201d; you can still type what they say." });
    ui.panel.appendChild(ui.scriptHint);
    ui.root.addEventListener("keydown", onScriptKey);
    showScriptMode();
  }

  function showScriptMode() {
    var on = !!store.scriptMode;
    ui.scriptBtn.setAttribute("aria-pressed", on ? "true" : "false");
    ui.scriptHint.hidden = !on;
    ui.root.classList.toggle("sw-root--script", on);
  }

  /** Switches script mode on or off; `announce` shows the switch in the transcript. */
  function sendScriptMode(on, announce) {
    store.scriptMode = on;
    saveStore();
    showScriptMode();
    if (announce) { // the bot says so, and shows the pending question again in the new form (answers
      send(SCRIPT_PAYLOAD[on], null); // on screen stay until then: nothing is shown as typed)
    } else if (state.ready && state.socket) {
      emitMessage(SCRIPT_PAYLOAD[on]);
    } else {
      state.queue.push(SCRIPT_PAYLOAD[on]);
    }
  }

  function onScriptKey(e) {
    if (!store.scriptMode || e.altKey || e.ctrlKey || e.metaKey || !/^[0-9]$/.test(e.key)) return;
    var t = e.target;
    if (t && (t === ui.input || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)) return;
    var group = state.activeReplies;
    if (!group || !group.parentNode) return;
    var buttons = group.querySelectorAll(".sw-reply");
    for (var i = 0; i < buttons.length; i++) {
      if ((buttons[i].textContent || "").indexOf(e.key + " ") === 0) {
        e.preventDefault();
        state.keyboard = true;
        buttons[i].click();
        return;
      }
    }
  }

  // ------------------------------------------------------------------
  // Open / close / expand
  // ------------------------------------------------------------------
  function setOpen(open, moveFocus) {
    if (inline) open = true;
    store.open = open;
    saveStore();
    ui.panel.hidden = !open;
    ui.root.classList.toggle("sw-root--open", open);
    if (ui.launcher) {
      ui.launcher.setAttribute("aria-expanded", open ? "true" : "false");
      ui.launcher.hidden = open;
    }
    setExpanded(!!store.expanded, true);
    if (open) {
      connect();
      startIfNeeded();
      scrollLogToEnd();
      if (moveFocus) ui.input.focus();
    } else if (moveFocus && ui.launcher) {
      ui.launcher.focus();
    }
  }

  function setExpanded(expanded, quiet) {
    if (inline) return;
    store.expanded = expanded;
    if (!quiet) saveStore();
    ui.root.classList.toggle("sw-root--expanded", expanded);
    if (ui.expandBtn) {
      ui.expandBtn.setAttribute("aria-pressed", expanded ? "true" : "false");
      ui.expandBtn.textContent = expanded ? "Smaller view" : "Larger view";
    }
  }

  // ------------------------------------------------------------------
  // Connection
  // ------------------------------------------------------------------
  function setConn(kind, text) {
    ui.conn.textContent = text || "";
    ui.conn.className = "sw-conn" + (kind ? " sw-conn--" + kind : "");
  }

  function connect() {
    if (state.socket || state.connecting) return;
    state.connecting = true;
    setConn("pending", "Connecting to " + cfg.title + "\u2026");
    loadSocketIo().then(function (io) {
      var socket = io(cfg.origin + cfg.namespace, {
        path: cfg.socketPath,
        transports: ["websocket", "polling"],
        tryAllTransports: true,
        reconnectionDelayMax: 10000,
        timeout: 15000
      });
      state.socket = socket;
      socket.on("connect", function () {
        state.ready = false;
        socket.emit("session_request", { session_id: store.sessionId || null });
      });
      socket.on("session_confirm", function (data) {
        var id = typeof data === "string" ? data : data && typeof data === "object" ? str(data.session_id) : "";
        if (!id) return;
        if (store.sessionId && store.sessionId !== id && store.items.length) {
          clearConversation(); // the server started a different conversation
        }
        store.sessionId = id;
        saveStore();
        state.ready = true;
        setConn("", "");
        flushQueue();
        startIfNeeded();
      });
      socket.on(cfg.botEvent, onBotEvent);
      socket.on("disconnect", function () {
        state.ready = false;
        setConn("error", "Connection lost. Trying to reconnect\u2026");
      });
      socket.on("connect_error", function () {
        state.ready = false;
        setConn("error", "Cannot reach " + cfg.title + " at the moment. Trying again\u2026");
      });
    }).catch(function () {
      state.connecting = false;
      setConn("error", cfg.title + " could not be loaded. Please try again later.");
    });
  }

  function flushQueue() {
    while (state.ready && state.queue.length) {
      var message = state.queue.shift();
      emitMessage(message);
    }
  }

  function emitMessage(message) {
    state.socket.emit(cfg.userEvent, { message: message, session_id: store.sessionId });
  }

  function startIfNeeded() {
    if (store.started || !store.open && !inline) return;
    if (!cfg.initialPayload) return;
    store.started = true;
    saveStore();
    send(cfg.initialPayload, null);
  }

  // ------------------------------------------------------------------
  // Sending
  // ------------------------------------------------------------------
  function onSubmit(e) {
    e.preventDefault();
    var text = ui.input.value.trim();
    if (!text) {
      ui.input.focus();
      return;
    }
    if (charCount(text) > cfg.maxChars) { // never cut: say so, and keep the text in the box
      updateCount(false);
      ui.countStatus.textContent = "";
      announce(ui.count.textContent);
      ui.input.focus();
      return;
    }
    ui.input.value = "";
    updateCount(false);
    state.keyboardFlow = false;
    send(text, text);
  }

  /** Characters as the server counts them (code points, after trimming). */
  function charCount(text) {
    return Array.from(text.trim()).length;
  }

  function plural(n, word) {
    return n.toLocaleString("en-GB") + " " + word + (n === 1 ? "" : "s");
  }

  /** The character count under the box: shown from 80% of the limit; over it, an error. */
  function updateCount(typing) {
    var n = charCount(ui.input.value);
    var max = cfg.maxChars;
    var over = n > max;
    var text = "";
    if (over) {
      text = "Your message is too long: " + plural(n, "character") + ", and the most that can be sent at once is " +
        plural(max, "character") + ". Send it in parts: nothing has been sent, and your text is still in the box.";
    } else if (n >= Math.floor(max * 0.8)) {
      text = "You have " + plural(max - n, "character") + " remaining";
    }
    ui.count.textContent = text;
    ui.count.hidden = !text;
    ui.count.classList.toggle("sw-count--error", over);
    ui.input.classList.toggle("sw-input--error", over);
    if (over) ui.input.setAttribute("aria-invalid", "true");
    else ui.input.removeAttribute("aria-invalid");
    // screen readers hear the count once typing pauses, not on every key
    clearTimeout(state.countTimer);
    if (typing) {
      state.countTimer = setTimeout(function () { ui.countStatus.textContent = ui.count.hidden ? "" : ui.count.textContent; }, 1000);
    }
  }

  /** Sends `payload` to the bot; `display` is what the transcript shows (null: nothing). */
  function send(payload, display) {
    closeConfirm();
    if (display !== null && display !== undefined) {
      renderUser(display);
      recordItem({ t: "u", text: display });
    }
    store.started = true;
    saveStore();
    setWaiting(true);
    if (state.ready && state.socket) emitMessage(payload);
    else {
      state.queue.push(payload);
      connect();
    }
  }

  function recordItem(item) {
    if (state.restoring) return;
    store.items.push(item);
    state.itemIndex = store.items.length - 1;
    saveStore();
  }

  function setWaiting(waiting) {
    state.waiting = waiting;
    clearTimeout(state.replyTimer);
    ui.typing.textContent = "";
    ui.panel.classList.toggle("sw-panel--waiting", waiting);
    ui.log.setAttribute("aria-busy", waiting ? "true" : "false");
    if (waiting) {
      ui.typing.appendChild(el("span", { class: "sw-typing__dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]));
      ui.typing.appendChild(el("span", { class: "sw-typing__text", text: cfg.title + " is working on a reply\u2026" }));
      state.replyTimer = setTimeout(function () {
        if (!state.waiting) return;
        ui.typing.textContent = "";
        ui.typing.appendChild(el("span", { class: "sw-typing__text sw-typing__text--slow",
          text: "No reply yet. " + cfg.title + " may be busy or offline: wait a little, or send your message again." }));
      }, cfg.replyTimeoutMs);
    }
  }

  function chooseReply(button, reply, group) {
    var viaKeyboard = state.keyboard;
    if (/^\/restart\s*$/.test(reply.payload)) {
      doRestart(); // a bot-offered "Start again": clear the widget too
      return;
    }
    removeActiveReplies();
    state.keyboardFlow = viaKeyboard;
    send(reply.payload, reply.title);
    if (viaKeyboard) ui.input.focus({ preventScroll: true });
    else ui.log.focus({ preventScroll: true });
  }

  function removeActiveReplies() {
    if (state.activeReplies && state.activeReplies.parentNode) {
      state.activeReplies.parentNode.removeChild(state.activeReplies);
    }
    state.activeReplies = null;
  }

  // ------------------------------------------------------------------
  // Restart
  // ------------------------------------------------------------------
  function askRestart() {
    ui.confirm.hidden = false;
    ui.confirmNo.focus();
  }

  function cancelRestart() {
    ui.confirm.hidden = true;
    ui.restartBtn.focus();
  }

  /** Closes the Start again bar without moving focus (the person did something else). */
  function closeConfirm() {
    if (ui.confirm) ui.confirm.hidden = true;
  }

  function clearConversation() {
    store.items = [];
    store.started = false;
    store.checks = {};
    saveStore();
    removeActiveReplies();
    Array.prototype.slice.call(ui.log.childNodes).forEach(function (node) {
      if (node !== ui.intro) ui.log.removeChild(node);
    });
    state.facts = [];
    setPhase("idle");
    renderAnswers([]);
    newTurn();
    setWaiting(false);
  }

  function doRestart() {
    ui.confirm.hidden = true;
    clearConversation();
    // Rasa's /restart resets the tracker of this session id.
    if (state.ready && state.socket) emitMessage("/restart");
    else if (store.sessionId) state.queue.push("/restart");
    if (store.scriptMode) sendScriptMode(true, false); // kept across "Start again" (issue 12)
    if (cfg.initialPayload) {
      store.started = true;
      saveStore();
      send(cfg.initialPayload, null);
    }
    ui.input.focus();
  }

  // ------------------------------------------------------------------
  // Receiving
  // ------------------------------------------------------------------
  function pickStepwise(data, depth) {
    if (!data || typeof data !== "object" || depth > 3) return null;
    if (data.stepwise && typeof data.stepwise === "object") return data.stepwise;
    return pickStepwise(data.custom, depth + 1) || pickStepwise(data.data, depth + 1);
  }

  /** Normalises one bot_uttered payload into {text?, buttons?, stepwise?}. */
  function normalise(data) {
    if (typeof data === "string") data = { text: data };
    if (!data || typeof data !== "object") return null;
    var out = {};
    if (typeof data.text === "string" && data.text.trim()) out.text = data.text;
    var raw = Array.isArray(data.quick_replies) ? data.quick_replies : Array.isArray(data.buttons) ? data.buttons : [];
    var buttons = raw.filter(function (b) {
      return b && typeof b === "object" && (typeof b.title === "string" || typeof b.payload === "string");
    }).map(function (b) {
      return { title: str(b.title) || str(b.payload), payload: str(b.payload) || str(b.title) };
    });
    if (buttons.length) out.buttons = buttons;
    var sw = pickStepwise(data, 0);
    if (sw && typeof sw.kind === "string") out.stepwise = sw;
    if (data.attachment && data.attachment.type === "image" && data.attachment.payload) {
      var src = safeHref(str(data.attachment.payload.src));
      if (src && /^https?:/.test(src)) out.image = src;
    }
    return out.text || out.buttons || out.stepwise || out.image ? out : null;
  }

  function onBotEvent(data) {
    var message = normalise(data);
    if (!message) return;
    setWaiting(false);
    recordItem({ t: "b", m: message });
    handleBot(message);
    scheduleSettle(); // progress and answers above the log change its height: settle after the last message
  }

  function handleBot(message) {
    if (message.text || message.buttons || message.image) renderBotText(message);
    if (message.stepwise) handleCustom(message.stepwise);
  }

  function handleCustom(sw) {
    switch (sw.kind) {
      case "progress": return renderProgress(sw);
      case "facts": return handleFacts(sw);
      case "decision": return renderDecisionMessage(sw.decision, sw.record);
      // the text just before is a note about this turn (a fact kept, a question given up, "not
      // sure, so urgent"), not part of the answer: it stays on screen when the answer's plain
      // text is folded under its panel
      case "note": state.turn.texts = []; return;
      case "urgent": return renderUrgent(sw);
      case "reset": return handleReset();
      default: return undefined;
    }
  }

  // ------------------------------------------------------------------
  // Rendering messages
  // ------------------------------------------------------------------
  function scrollLogToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function appendToLog(node) {
    ui.log.appendChild(node);
    if (node.classList.contains("sw-msg--user")) {
      scrollLogToEnd();
      return;
    }
    if (!state.turn.first) state.turn.first = node;
    scheduleSettle();
  }

  /** Where `node` starts, in the log's scroll coordinates. */
  function offsetInLog(node) {
    return node.getBoundingClientRect().top - ui.log.getBoundingClientRect().top + ui.log.scrollTop;
  }

  function scheduleSettle() {
    if (state.restoring) return;
    clearTimeout(state.settleTimer);
    state.settleTimer = setTimeout(settleTurn, 80);
  }

  /** After a bot turn: bring its question and all its answers into view (the
   * question's first line at the top when they do not all fit), move focus to
   * the first answer for keyboard users, and announce the question once. */
  function settleTurn() {
    state.settleTimer = null;
    var log = ui.log;
    var replies = state.activeReplies && state.activeReplies.parentNode === log ? state.activeReplies : null;
    var panelMsg = state.turn.decisionPanel && state.turn.decisionPanel.parentNode &&
      log.contains(state.turn.decisionPanel) ? state.turn.decisionPanel.parentNode : null;
    var urgentMsg = state.turn.urgent && log.contains(state.turn.urgent) ? state.turn.urgent : null;
    var question = null;
    if (replies) {
      var labelled = document.getElementById(replies.getAttribute("aria-labelledby") || "");
      if (labelled && log.contains(labelled)) question = labelled.closest(".sw-msg") || labelled;
    }
    var first = state.turn.first && log.contains(state.turn.first) ? state.turn.first : null;
    var anchor = panelMsg || urgentMsg || question || first || log.lastElementChild;
    if (!anchor) return;
    // a note sent before the answer's panel (a fact kept, a question given up) is read first
    if (anchor === panelMsg && first && first !== panelMsg && first.compareDocumentPosition(panelMsg) & 4) {
      anchor = first;
    }
    var end = replies || log.lastElementChild;
    // a note before the question (same turn) is shown too when everything fits
    if (anchor === question && first && first !== question && first.compareDocumentPosition(question) & 4 &&
        offsetInLog(end) + end.offsetHeight + 12 - (offsetInLog(first) - 8) <= log.clientHeight) {
      anchor = first;
    }
    var top = offsetInLog(anchor) - 8;
    var bottom = offsetInLog(end) + end.offsetHeight + 12;
    var view = log.clientHeight;
    if (bottom - top > view && !inline && !store.expanded && !state.userSmaller && !state.restoring &&
        window.matchMedia && window.matchMedia("(min-width: 800px)").matches) {
      setExpanded(true); // the question and its answers do not fit the small panel: use the larger view
      view = log.clientHeight;
      top = offsetInLog(anchor) - 8;
      bottom = offsetInLog(end) + end.offsetHeight + 12;
    }
    // fits with its margins: all in view; fits only without them: the last answer
    // at the bottom edge; does not fit at all: the question's first line at the top
    var rawTop = top + 8, rawBottom = bottom - 12;
    var y = bottom - top <= view ? bottom - view : rawBottom - rawTop <= view ? rawBottom - view : top;
    y = Math.max(0, Math.min(y, log.scrollHeight - view));
    scrollLogTo(y);

    var focusTarget = null;
    if (state.keyboardFlow && !state.restoring) {
      if (panelMsg) focusTarget = panelMsg.querySelector(".sw-decision__title");
      else if (urgentMsg) focusTarget = urgentMsg.querySelector(".sw-urgent__title");
      else if (replies) focusTarget = replies.querySelector(".sw-reply");
    }
    var said;
    if (panelMsg) said = "Answer: " + (panelMsg.querySelector(".sw-decision__title") || panelMsg).textContent;
    else if (urgentMsg) said = urgentMsg.textContent;
    else if (question) said = question.textContent.replace(cfg.title + " said: ", "");
    else said = anchor.textContent.replace(cfg.title + " said: ", "");
    // a focused answer is read with its group's label (the question): announce only otherwise
    announce(focusTarget && focusTarget.classList.contains("sw-reply") ? "" : said);
    if (focusTarget) {
      focusTarget.focus({ preventScroll: true });
      keepInView(focusTarget);
    }
  }

  function scrollLogTo(y) {
    if (typeof ui.log.scrollTo === "function") {
      try {
        ui.log.scrollTo({ top: y, behavior: "instant" });
        return;
      } catch (e) { /* old browsers: below */ }
    }
    ui.log.scrollTop = y;
  }

  /** Focus Not Obscured (WCAG 2.4.11): the focused control is inside the log's visible area. */
  function keepInView(node) {
    var r = node.getBoundingClientRect();
    var l = ui.log.getBoundingClientRect();
    if (r.top < l.top + 4) scrollLogTo(ui.log.scrollTop - (l.top + 8 - r.top));
    else if (r.bottom > l.bottom - 4) scrollLogTo(ui.log.scrollTop + (r.bottom + 8 - l.bottom));
  }

  function announce(text) {
    ui.announcer.textContent = "";
    if (!text) return;
    setTimeout(function () { ui.announcer.textContent = text.replace(/\s+/g, " ").trim().slice(0, 600); }, 50);
  }

  function renderUser(text) {
    removeActiveReplies();
    newTurn();
    var msg = el("div", { class: "sw-msg sw-msg--user" }, [
      vh("You said: "),
      el("div", { class: "sw-bubble sw-bubble--user", text: text })
    ]);
    appendToLog(msg);
  }

  function renderBotText(message) {
    var bubbleId = nextId("msg");
    var bubble = el("div", { class: "sw-bubble sw-bubble--bot", id: bubbleId });
    if (message.text) renderBlocks(bubble, message.text);
    if (message.image) {
      bubble.appendChild(document.createTextNode(message.text ? " " : ""));
      bubble.appendChild(link(message.image, "View image"));
    }
    var msg = el("div", { class: "sw-msg sw-msg--bot" }, [vh(cfg.title + " said: "), bubble]);
    msg._swText = message.text || "";
    appendToLog(msg);
    state.turn.texts.push(msg);
    if (message.buttons) {
      removeActiveReplies();
      var group = el("div", { class: "sw-replies", role: "group", "aria-labelledby": bubbleId });
      message.buttons.forEach(function (reply) {
        var b = el("button", { type: "button", class: "sw-reply", text: reply.title });
        b.addEventListener("click", function () { chooseReply(b, reply, group); });
        group.appendChild(b);
      });
      state.activeReplies = group;
      appendToLog(group);
    }
  }

  function setPhase(phase) {
    state.phase = phase;
    ui.progress.hidden = phase !== "asking";
    ui.answers.hidden = !(phase === "asking" && state.facts.length);
  }

  function renderProgress(p) {
    var asked = Math.max(0, Math.floor(+p.asked || 0));
    var remaining = Math.max(0, Math.floor(+p.remaining || 0));
    if (!remaining) {
      setPhase(state.phase === "asking" ? "idle" : state.phase);
      return;
    }
    // remaining: the facts the engine still misses, this one included. It can
    // grow as answers open new routes, so it is "about", and says nothing when
    // this is the only one it knows of (never "the last one").
    var left = remaining - 1;
    // before the area is known the questions its procedure needs are not known either
    var text = "Question " + (asked + 1) + (left >= 1 && str(p.field) !== "area" ? " \u2013 about " + left + " more after this" : "");
    ui.progressText.textContent = text;
    ui.progressBar.max = asked + remaining;
    ui.progressBar.value = asked;
    ui.progressBar.textContent = asked + " of " + (asked + remaining);
    var why = str(p.why);
    ui.progressWhy.hidden = !why;
    ui.progressWhy.open = false;
    ui.progressWhyText.textContent = "";
    if (why) renderInline(ui.progressWhyText, why);
    setPhase("asking");
  }

  function handleFacts(msg) {
    var facts = list(msg.facts).filter(function (f) { return typeof f === "object"; });
    state.facts = facts;
    state.turn.facts = facts;
    renderAnswers(facts);
    if (state.turn.decisionPanel && state.turn.decisionPanel._swFactsSlot) {
      fillFactsSlot(state.turn.decisionPanel, facts);
    }
    setPhase(state.phase);
  }

  function renderAnswers(facts) {
    ui.answersSummary.textContent = "Check your answers" + (facts.length ? " (" + facts.length + ")" : "");
    ui.answersBody.textContent = "";
    if (facts.length) ui.answersBody.appendChild(summaryList(facts, true));
  }

  function summaryList(rows, withChange) {
    var dl = el("dl", { class: "sw-summary" });
    rows.forEach(function (f) {
      var row = el("div", { class: "sw-summary__row" }, [
        el("dt", { class: "sw-summary__key", text: str(f.label) || str(f.field) }),
        el("dd", { class: "sw-summary__value", text: factValue(f) })
      ]);
      if (withChange && str(f.change_payload)) {
        var label = str(f.label) || str(f.field);
        var btn = el("button", { type: "button", class: "sw-link-button" }, ["Change", vh(" " + label.toLowerCase())]);
        btn.addEventListener("click", function () {
          if (btn.disabled) return;
          state.keyboardFlow = state.keyboard;
          send(str(f.change_payload), "Change: " + label);
          if (state.keyboardFlow) ui.input.focus({ preventScroll: true });
        });
        row.appendChild(el("dd", { class: "sw-summary__actions" }, btn));
      } else if (withChange) {
        row.appendChild(el("dd", { class: "sw-summary__actions" }));
      }
      dl.appendChild(row);
    });
    return dl;
  }

  /** The current answer buttons stay at the end of the log (after a panel or alert). */
  function keepRepliesLast() {
    if (state.activeReplies && state.activeReplies.parentNode === ui.log && ui.log.lastChild !== state.activeReplies) {
      var hadFocus = state.activeReplies.contains(document.activeElement);
      var focused = document.activeElement;
      ui.log.appendChild(state.activeReplies);
      if (hadFocus && focused && focused.focus) focused.focus({ preventScroll: true });
    }
  }

  /** Reply groups labelled by bubbles that are being folded get a new label. */
  function relabelGroups(oldMsgs, newLabelId) {
    oldMsgs.forEach(function (m) {
      var bubble = m.querySelector(".sw-bubble");
      if (!bubble || !bubble.id) return;
      Array.prototype.forEach.call(ui.log.querySelectorAll(".sw-replies"), function (g) {
        if (g.getAttribute("aria-labelledby") === bubble.id) g.setAttribute("aria-labelledby", newLabelId);
      });
    });
  }

  /** The server started a new case (e.g. the person typed "start again"): the
   * answers shown so far belong to the old one. */
  function handleReset() {
    state.facts = [];
    state.turn.facts = null;
    state.turn.decisionPanel = null; // facts from now on are the new case's: never shown in an old panel
    renderAnswers([]);
    setPhase("idle");
    supersedeAnswers(null, "You started again: these answers belong to the previous case and can no longer be changed here.");
  }

  /** The Change buttons of every answer panel but `current` stop working (visibly):
   * on the server they would change the case as it is now, not the one the panel shows. */
  function supersedeAnswers(current, why) {
    Array.prototype.forEach.call(ui.log.querySelectorAll(".sw-decision"), function (panel) {
      if (panel === current || panel.classList.contains("sw-decision--superseded")) return;
      panel.classList.add("sw-decision--superseded");
      // only the current answer's sections are landmarks (named regions): earlier ones keep their headings
      Array.prototype.forEach.call(panel.querySelectorAll("section[aria-labelledby]"), function (sec) {
        sec.removeAttribute("aria-labelledby");
      });
      Array.prototype.forEach.call(panel.querySelectorAll(".sw-summary__actions .sw-link-button"), function (b) {
        b.disabled = true;
      });
      var slot = panel._swFactsSlot;
      if (slot && !slot.querySelector(".sw-superseded")) {
        var heading = slot.firstChild;
        slot.insertBefore(el("p", { class: "sw-superseded", text: why }), heading ? heading.nextSibling : null);
      }
    });
  }

  // ---------------- urgent ----------------
  function renderUrgent(sw) {
    var texts = state.turn.texts.filter(function (m) { return m.parentNode === ui.log; });
    var alertBox = el("div", { class: "sw-urgent", role: "alert" });
    var headingId = nextId("urgent");
    alertBox.appendChild(el("h3", { class: "sw-urgent__title", id: headingId, tabindex: "-1", text: "Urgent safeguarding concern: act now" }));
    if (!texts.length) {
      alertBox.appendChild(el("p", { class: "sw-urgent__text", text: "If a child is in immediate danger, call 999." }));
    }
    // one line per paragraph: the 999 line first (large), short headings, the source small
    texts.forEach(function (m) {
      str(m._swText).split(/\n+/).forEach(function (line) {
        var t = line.replace(/^\s*-\s+/, "").trim();
        if (!t) return;
        var cls = "sw-urgent__text";
        if (/\b999\b/.test(t) && !alertBox.querySelector(".sw-urgent__text--first")) cls += " sw-urgent__text--first";
        else if (/^[^.]{1,40}:$/.test(t)) cls += " sw-urgent__text--heading";
        else if (/^Source: /.test(t)) cls += " sw-urgent__text--source";
        else if (/press Continue/.test(t)) cls += " sw-urgent__text--next";
        alertBox.appendChild(renderInline(el("p", { class: cls }), t));
      });
    });
    var wrapper = el("div", { class: "sw-msg sw-msg--bot sw-msg--urgent" }, alertBox);
    if (texts.length) {
      ui.log.insertBefore(wrapper, texts[0]);
      relabelGroups(texts, headingId);
      texts.forEach(function (m) { ui.log.removeChild(m); });
    } else {
      ui.log.appendChild(wrapper);
    }
    state.turn.texts = [];
    state.turn.urgent = wrapper;
    keepRepliesLast();
    setPhase("urgent");
    if (!inline && !state.restoring && window.matchMedia && window.matchMedia("(min-width: 800px)").matches) {
      setExpanded(true);
    }
    scheduleSettle();
  }

  // ---------------- decision ----------------
  function renderDecisionMessage(decision, record) {
    if (!decision || typeof decision !== "object") return;
    // The plain-text version of this answer (sent for REST/terminal clients)
    // is folded away: the panel shows the same content, better structured.
    // In script mode that text is the answer phrased for reading aloud (Say:
    // lines, numbers spelled out): it stays on screen above the panel.
    var texts = state.turn.texts.filter(function (m) { return m.parentNode === ui.log; });
    if (store.scriptMode) {
      state.turn.texts = [];
    } else if (texts.length) {
      var plainId = nextId("plain");
      var details = el("details", { class: "sw-plain" }, el("summary", { class: "sw-plain__summary", id: plainId, text: "Show this answer as plain text" }));
      texts.forEach(function (m) {
        details.appendChild(renderInline(el("p", { class: "sw-plain__text" }), m._swText));
      });
      var wrap = el("div", { class: "sw-msg sw-msg--bot" }, details);
      ui.log.insertBefore(wrap, texts[0]);
      relabelGroups(texts, plainId);
      texts.forEach(function (m) { ui.log.removeChild(m); });
      state.turn.texts = [];
    }
    var facts = state.turn.facts || state.facts;
    var panel = renderDecision(decision, facts, state.itemIndex, record);
    supersedeAnswers(panel, "A newer answer follows: these answers can no longer be changed here. To change an answer, use the latest one.");
    state.turn.decisionPanel = panel;
    var msg = el("div", { class: "sw-msg sw-msg--decision" }, panel);
    appendToLog(msg);
    keepRepliesLast();
    setPhase("decided");
    if (!inline && !state.restoring && window.matchMedia && window.matchMedia("(min-width: 800px)").matches) {
      setExpanded(true);
    }
    scheduleSettle();
  }

  function section(panel, title, className) {
    var id = nextId("sec");
    var sec = el("section", { class: "sw-decision__section" + (className ? " " + className : ""), "aria-labelledby": id },
      el("h4", { class: "sw-decision__heading", id: id, text: title }));
    panel.appendChild(sec);
    return sec;
  }

  function sourceLine(source) {
    var label = sourceLabel(source);
    if (!label) return null;
    return el("span", { class: "sw-source", text: "Source: " + label });
  }

  function contactValue(c) {
    var value = str(c.value);
    if (!value) return null;
    var kind = str(c.kind);
    if (kind === "phone") {
      var node = el("span", { class: "sw-contact__value sw-contact__value--phone" });
      renderInline(node, value, { phones: true });
      return node;
    }
    if (kind === "email" && EMAIL_RE.test(value.trim())) {
      return link("mailto:" + value.trim(), value.trim(), { className: "sw-contact__value" });
    }
    if (/^https?:\/\//i.test(value.trim())) {
      var a = link(value.trim(), value.trim(), { className: "sw-contact__value sw-contact__value--url" });
      if (a) return a;
    }
    return el("span", { class: "sw-contact__value", text: value });
  }

  function refLink(ctx, source) {
    var n = source && typeof source === "object" ? Math.floor(+source.n || 0) : 0;
    if (!n || !ctx.sourceIds[n]) return null;
    return el("a", { class: "sw-ref", href: "#" + ctx.sourceIds[n], text: "[" + n + "]",
      "aria-label": "source " + n });
  }

  function withRef(node, ctx, source) {
    var r = refLink(ctx, source);
    if (r) {
      node.appendChild(document.createTextNode(" "));
      node.appendChild(r);
    }
    return node;
  }

  /** The statements of one decision (or of one part of a conditional answer). */
  function renderBody(box, d, ctx, level) {
    var h = "h" + level;
    function sec(title, className) {
      var id = nextId("sec");
      var node = el("section", { class: "sw-decision__section" + (className ? " " + className : ""), "aria-labelledby": id },
        el(h, { class: "sw-decision__heading", id: id, text: title }));
      box.appendChild(node);
      return node;
    }
    var route = d.route && typeof d.route === "object" ? d.route : {};
    if (ctx.nested) {
      box.appendChild(withRef(el("p", { class: "sw-decision__route" }, str(route.title) || STATUS_TITLES[str(d.status)] || ""), ctx, route.source));
      var hubText = hubContactText(d);
      if (hubText) box.appendChild(el("p", { class: "sw-decision__hub", text: "Contact the hub: " + hubText }));
    }
    if (str(route.summary)) {
      box.appendChild(withRef(renderInline(el("p", { class: "sw-decision__summary" }), plainQuote(route.summary)), ctx,
        ctx.nested ? null : route.source));
    }

    list(d.notes).filter(function (n) { return str(n.kind) === "warning"; }).forEach(function (n) {
      box.appendChild(el("div", { class: "sw-warning" }, [
        el("span", { class: "sw-warning__icon", "aria-hidden": "true", text: "!" }),
        withRef(el("p", { class: "sw-warning__text" }, [vh("Warning: "), renderInline(el("span"), n.text)]), ctx, n.source)
      ]));
    });

    if (str(d.status) === "not_found") {
      var nf = sec("No route matches these answers");
      var used = list(d.used).filter(function (u) { return str(u.field) !== "area"; });
      if (used.length) {
        nf.appendChild(el("p", { text: "The answers used:" }));
        var ul = el("ul", { class: "sw-list sw-list--bullet" });
        used.forEach(function (u) { ul.appendChild(el("li", { text: str(u.summary) + ": " + str(u.label) })); });
        nf.appendChild(ul);
      }
      var alts = list(d.alternatives);
      if (alts.length) {
        nf.appendChild(el("p", { text: "What would lead to a route (use the Change buttons below if an answer was not right):" }));
        var al = el("ul", { class: "sw-list sw-list--bullet" });
        alts.forEach(function (x) {
          al.appendChild(el("li", { text: str(x.summary) + " \u201c" + str(x.label) + "\u201d" + (str(x.route) ? ": " + str(x.route) : "") }));
        });
        nf.appendChild(al);
      }
    }

    var steps = list(d.steps);
    if (steps.length) {
      var ol = el("ol", { class: "sw-list sw-list--number sw-steps" });
      steps.forEach(function (st) {
        ol.appendChild(withRef(el("li", null, renderInline(el("span", { class: "sw-steps__text" }), st.text)), ctx, st.source));
      });
      sec("What to do").appendChild(ol);
    }

    var contacts = list(d.contacts);
    if (contacts.length) {
      var cl = el("ul", { class: "sw-contacts" });
      contacts.forEach(function (c) {
        var kind = contactKindLabel(c.kind);
        cl.appendChild(el("li", { class: "sw-contact" }, [
          withRef(el("p", { class: "sw-contact__name" }, [str(c.name) || kind || "Contact", kind ? el("span", { class: "sw-contact__kind", text: " (" + kind.toLowerCase() + ")" }) : null]), ctx, c.source),
          contactValue(c),
          str(c.use) ? renderInline(el("p", { class: "sw-contact__use" }), c.use) : null
        ]));
      });
      sec("Who to contact").appendChild(cl);
    }

    var checklist = list(d.checklist);
    if (checklist.length) {
      var box2 = el("div", { class: "sw-checkboxes" });
      checklist.forEach(function (c, i) {
        var id = nextId("check");
        var key = ctx.itemIndex + ":" + ctx.prefix + i;
        var input = el("input", { class: "sw-checkbox__input", type: "checkbox", id: id });
        input.checked = !!store.checks[key];
        input.addEventListener("change", function () {
          if (input.checked) store.checks[key] = 1;
          else delete store.checks[key];
          saveStore();
        });
        box2.appendChild(el("div", { class: "sw-checkbox" }, [input,
          withRef(renderInline(el("label", { class: "sw-checkbox__label", for: id }), c.text), ctx, c.source)]));
      });
      var cs = sec("What to include or have ready");
      cs.appendChild(el("p", { class: "sw-hint", text: "Tick each item when you have it. Ticks are kept in this browser only." }));
      cs.appendChild(box2);
    }

    var deadlines = list(d.deadlines);
    if (deadlines.length) {
      var dls = el("ul", { class: "sw-deadlines" });
      deadlines.forEach(function (dl) {
        var date = parseIsoDate(dl.due);
        dls.appendChild(el("li", { class: "sw-deadline" }, [
          date ? el("p", { class: "sw-deadline__due" }, el("time", { datetime: str(dl.due), text: formatDate(dl.due) }))
               : el("p", { class: "sw-deadline__due sw-deadline__due--unknown", text: "Date not known yet" }),
          withRef(renderInline(el("p", { class: "sw-deadline__text" }), dl.text), ctx, dl.source),
          str(dl.basis) ? el("p", { class: "sw-deadline__basis", text: str(dl.basis) }) : null
        ]));
      });
      sec("Deadlines").appendChild(dls);
    }

    var otherNotes = list(d.notes).filter(function (n) { return str(n.kind) !== "warning"; });
    if (otherNotes.length) {
      var notesSec = sec("Things to know");
      otherNotes.forEach(function (n) {
        var gap = str(n.kind) === "gap";
        notesSec.appendChild(withRef(el("div", { class: "sw-inset" + (gap ? " sw-inset--gap" : "") }, [
          gap ? el("strong", { class: "sw-inset__label", text: "Gap in the guidance: " }) : null,
          renderInline(el("span"), n.text)
        ]), ctx, n.source));
      });
    }

    var missing = list(d.missing);
    if (missing.length) {
      var ml = el("ul", { class: "sw-list sw-list--bullet" });
      missing.forEach(function (m) { ml.appendChild(el("li", { text: str(m.question) || str(m.field) })); });
      sec("Still needed").appendChild(ml);
    }
  }

  function renderDecision(d, facts, itemIndex, record) {
    var urgent = d.urgent === true || str(d.status) === "urgent";
    var conditional = str(d.status) === "conditional";
    var titleId = nextId("decision");
    var panel = el("article", { class: "sw-decision" + (urgent ? " sw-decision--urgent" : ""), "aria-labelledby": titleId });
    panel._swDecision = d;
    panel._swRecord = str(record);
    var sources = numberSources(d);
    var ctx = { itemIndex: itemIndex, prefix: "", sourceIds: {}, nested: false };
    sources.forEach(function (c) { ctx.sourceIds[Math.floor(+c.n || 0)] = nextId("src"); });

    var where = [str(d.area_name), str(d.hub)].filter(Boolean).join(" \u00b7 ");
    if (where) panel.appendChild(el("p", { class: "sw-decision__caption", text: where }));
    var title = conditional ? "The answer depends on what is not known yet" : decisionTitle(d);
    var route = d.route && typeof d.route === "object" ? d.route : {};
    panel.appendChild(el("h3", { class: "sw-decision__title", id: titleId, tabindex: "-1", text: title }));
    var status = str(d.status);
    if (status && status !== "complete") {
      panel.appendChild(el("strong", { class: "sw-tag sw-tag--" + (urgent ? "red" : "grey"),
        text: { urgent: "Urgent", out_of_area: "Out of area", not_found: "Not found", needs_facts: "More information needed",
          conditional: "Depends on what is not known" }[status] || status }));
    }

    var top = [];
    if (str(d.area_name)) top.push({ label: "Area", value_label: str(d.area_name) });
    var hubText = hubContactText(d);
    if (hubText) top.push({ label: "Contact the hub", value_label: hubText });
    if (top.length) panel.appendChild(summaryList(top, false));

    // actions
    var status2 = el("p", { class: "sw-decision__status", role: "status" });
    var actions = el("div", { class: "sw-decision__actions sw-button-group" });
    actions.appendChild(el("button", { type: "button", class: "sw-button sw-button--secondary", text: "Print",
      onclick: function () { printDecision(panel); } }));
    actions.appendChild(el("button", { type: "button", class: "sw-button sw-button--secondary", text: "Copy as text",
      onclick: function () { copyDecision(panel, status2); } }));
    var hasDates = list(d.deadlines).some(function (dl) { return parseIsoDate(dl.due); });
    if (hasDates) {
      actions.appendChild(el("button", { type: "button", class: "sw-button sw-button--secondary", text: "Download deadlines (.ics)",
        onclick: function () { downloadIcs(panel, status2); } }));
    }
    panel.appendChild(actions);
    panel.appendChild(status2);

    if (conditional) {
      var groups = list(d.groups).length ? list(d.groups) : list(d.branches).map(function (b) {
        return { when: [str(b.assume_text)], decision: b.decision };
      });
      panel.appendChild(el("p", { class: "sw-decision__summary",
        text: "You did not know every answer, so here is what applies in each case. Finding out (or asking the area's advice contact) narrows it to one answer." }));
      groups.forEach(function (g, gi) {
        if (!g || typeof g.decision !== "object") return;
        var id = nextId("sec");
        var part = el("section", { class: "sw-decision__section sw-branch", "aria-labelledby": id },
          el("h4", { class: "sw-decision__heading sw-branch__heading", id: id,
            text: "If " + list(g.when).map(str).join(" or ") }));
        renderBody(part, g.decision, { itemIndex: itemIndex, prefix: gi + "-", sourceIds: ctx.sourceIds, nested: true }, 5);
        panel.appendChild(part);
      });
    } else {
      renderBody(panel, d, ctx, 4);
    }

    var factsSec = section(panel, "Your answers", "sw-decision__facts");
    panel._swFactsSlot = factsSec;
    fillFactsSlot(panel, facts);

    var documents = list(d.documents);
    if (sources.length || documents.length) {
      var src = section(panel, "Sources");
      if (sources.length) {
        src.appendChild(el("p", { class: "sw-body-s", text: "The passages of the procedure each statement rests on, as written:" }));
        var cit = el("ol", { class: "sw-citations" });
        sources.forEach(function (c) {
          var n = Math.floor(+c.n || 0);
          var item = el("li", { class: "sw-citation", id: ctx.sourceIds[n] || null, tabindex: "-1" }, [
            el("p", { class: "sw-citation__ref" }, [el("span", { class: "sw-citation__n", text: "[" + n + "] " }),
              str(c.section_title) || str(c.doc_title) || str(c.doc)]),
            str(c.section_title) && documents.length !== 1 ? el("p", { class: "sw-citation__doc", text: str(c.doc_title) }) : null,
            str(c.quote) ? renderInline(el("blockquote", { class: "sw-citation__quote" }), plainQuote(c.quote)) : null
          ]);
          cit.appendChild(item);
        });
        src.appendChild(cit);
      }
      if (documents.length) {
        var docs = el("ul", { class: "sw-list sw-list--bullet sw-documents" });
        documents.forEach(function (doc) {
          docs.appendChild(el("li", null, [str(doc.title) || str(doc.id),
            str(doc.version) ? el("span", { class: "sw-muted", text: " (version " + str(doc.version) + ")" }) : null,
            str(doc.review_date) ? el("span", { class: "sw-muted", text: " (review date " + formatDate(doc.review_date) + ")" }) : null]));
        });
        src.appendChild(el("p", { class: "sw-body-s", text: documents.length === 1 ? "From the document:" : "Guidance documents used:" }));
        src.appendChild(docs);
      }
    }
    panel.appendChild(el("p", { class: "sw-decision__footer", text: "Check the local protocol before you act. If a child is in immediate danger, call 999." }));
    return panel;
  }

  function fillFactsSlot(panel, facts) {
    var sec = panel._swFactsSlot;
    panel._swFacts = facts || [];
    Array.prototype.slice.call(sec.childNodes, 1).forEach(function (node) {
      if (!(node.classList && node.classList.contains("sw-superseded"))) sec.removeChild(node);
    });
    sec.hidden = !(facts && facts.length);
    if (facts && facts.length) sec.appendChild(summaryList(facts, !panel.classList.contains("sw-decision--superseded")));
  }

  // ---------------- print / copy / ics ----------------
  function recordOf(panel) {
    return panel._swRecord || decisionToText(panel._swDecision, panel._swFacts);
  }

  /** The record (the same text "Copy as text" gives) laid out for paper. */
  function recordNode(text) {
    var root = el("article", { class: "sw-record" });
    text.split("\n").forEach(function (line, i) {
      var t = line.trim();
      if (!t) return;
      if (i === 0) {
        root.appendChild(el("h1", { class: "sw-record__title", text: t }));
      } else if (/^[A-Z][^:\[\]]{0,60}:$/.test(t)) {
        root.appendChild(el("h2", { class: "sw-record__heading", text: t.slice(0, -1) }));
      } else {
        var item = /^(- |\d+\. |\[\d+\] )/.test(t) || /^\s/.test(line);
        root.appendChild(renderInline(el("p", { class: "sw-record__line" + (item ? " sw-record__line--item" : "") +
          (/^\s/.test(line) ? " sw-record__line--sub" : "") }), t));
      }
    });
    return root;
  }

  function printDecision(panel) {
    endPrintMode();
    var root = el("div", { class: "sw-print-root" }, recordNode(recordOf(panel)));
    document.body.appendChild(root);
    document.documentElement.classList.add("sw-printing");
    window.addEventListener("afterprint", endPrintMode, { once: true });
    window.print();
  }

  function endPrintMode() {
    document.documentElement.classList.remove("sw-printing");
    Array.prototype.forEach.call(document.querySelectorAll(".sw-print-root"), function (node) {
      node.parentNode.removeChild(node);
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = el("textarea", { class: "sw-offscreen", readonly: true, "aria-hidden": "true", tabindex: "-1" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });
  }

  function copyDecision(panel, statusEl) {
    var text = recordOf(panel);
    var focused = document.activeElement;
    copyText(text).then(function () {
      statusEl.textContent = "Copied. You can paste the answer into your notes.";
    }, function () {
      statusEl.textContent = "Copying did not work in this browser. Use Print instead.";
    }).then(function () {
      if (focused && document.activeElement !== focused && focused.focus) focused.focus();
    });
  }

  function downloadIcs(panel, statusEl) {
    var d = panel._swDecision;
    var ics = buildIcs(d, new Date());
    if (!ics) return;
    var blob = new Blob([ics], { type: "text/calendar;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: "stepwise-deadlines" + (str(d.area) ? "-" + str(d.area).replace(/[^a-z0-9_-]/gi, "") : "") + ".ics", class: "sw-offscreen", tabindex: "-1" });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    statusEl.textContent = "Calendar file downloaded. Open it to add the deadlines to your calendar.";
  }

  // ------------------------------------------------------------------
  // Transcript restore
  // ------------------------------------------------------------------
  function restoreTranscript() {
    if (!store.items.length) return;
    state.restoring = true;
    try {
      store.items.forEach(function (item, i) {
        state.itemIndex = i;
        if (!item || typeof item !== "object") return;
        if (item.t === "u") renderUser(str(item.text));
        else if (item.t === "b" && item.m) handleBot(item.m);
      });
    } catch (e) {
      /* a corrupt transcript must not break the widget */
    }
    state.restoring = false;
  }

  // ------------------------------------------------------------------
  // Public API
  // ------------------------------------------------------------------
  window.StepwiseWidget = {
    mounted: true,
    version: VERSION,
    config: cfg,
    open: function () { setOpen(true, true); },
    close: function () { setOpen(false, true); },
    send: function (text) { send(String(text), String(text)); },
    restart: doRestart,
    // exposed for tests
    _safeHref: safeHref,
    _buildIcs: buildIcs,
    _decisionText: decisionToText,
    _normalise: normalise,
    _receive: onBotEvent, // feed a bot_uttered payload as if the server sent it
    _endPrintMode: endPrintMode
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();

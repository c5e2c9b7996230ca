// A small rich-text editor for staff text fields (textarea.richtext with data-toolbar labels):
// bold, italic, headings, lists and links over a contenteditable box. Without JavaScript the
// textarea stays as it is; the server sanitises whatever arrives (hub/richtext.py), this
// only keeps the browser's side tidy with the same allow-list.
(function () {
  "use strict";
  var ALLOWED = {P: 1, BR: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, UL: 1, OL: 1, LI: 1, H2: 1,
                 H3: 1, H4: 1, BLOCKQUOTE: 1, TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1, A: 1};
  var DROPPED = {SCRIPT: 1, STYLE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, TEMPLATE: 1, NOSCRIPT: 1};

  function safeHref(href) {
    return /^(https?:|mailto:)/i.test((href || "").trim()) ? href.trim() : null;
  }

  // Copies only allowed elements and text into a fresh node; scripts and their text go.
  function cleanInto(source, target) {
    source.childNodes.forEach(function (node) {
      if (node.nodeType === 3) {
        target.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === 1 && !DROPPED[node.tagName]) {
        var tag = node.tagName, keep = target;
        if (ALLOWED[tag]) {
          keep = document.createElement(tag === "B" ? "strong" : tag === "I" ? "em" : tag);
          if (tag === "A" && safeHref(node.getAttribute("href"))) {
            keep.setAttribute("href", safeHref(node.getAttribute("href")));
          }
          target.appendChild(keep);
        } else if (tag === "DIV" || /^H[1-6]$/.test(tag)) {
          keep = document.createElement(tag === "H1" ? "h2" : /^H/.test(tag) ? "h4" : "p");
          target.appendChild(keep);
        }
        cleanInto(node, keep);
      }
    });
    return target;
  }

  // Parsed in a <template>: its content is inert (no scripts run, no images fetched). Event
  // handler attributes go first: even there Chromium checks them against the page's CSP,
  // which blocks them but reports a violation for each.
  var HANDLER = /\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

  function clean(html) {
    var parsed = document.createElement("template");
    parsed.innerHTML = html.replace(HANDLER, "");
    var box = document.createElement("div");
    cleanInto(parsed.content, box);
    return box.innerHTML;
  }

  // Plain text (no tags at all) becomes paragraphs, as on the server.
  function fromText(text) {
    if (/<[a-zA-Z\/][^>]*>/.test(text) || !text.trim()) { return clean(text); }
    return text.trim().split(/\n\s*\n/).map(function (block) {
      var p = document.createElement("p");
      block.split("\n").forEach(function (line, i) {
        if (i) { p.appendChild(document.createElement("br")); }
        p.appendChild(document.createTextNode(line));
      });
      return p.outerHTML;
    }).join("");
  }

  function build(textarea) {
    var labels = JSON.parse(textarea.dataset.toolbar || "{}");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    var wrap = document.createElement("div");
    wrap.className = "rte";
    var bar = document.createElement("div");
    bar.className = "rte-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", labels.toolbar + (label ? ": " + label.textContent.trim() : ""));
    var area = document.createElement("div");
    area.className = "rte-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", label ? label.textContent.trim() : labels.toolbar);
    area.id = textarea.id + "_editor";
    area.innerHTML = fromText(textarea.value);
    var buttons = [];

    function sync() { textarea.value = area.innerHTML === "<br>" ? "" : clean(area.innerHTML); }

    function button(name, text, run, pressed) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "rte-" + name;
      // The symbol is what a sighted user sees; the name is what a screen reader says (and
      // the symbol is not read, so the name does not contradict what is shown).
      var symbol = document.createElement("span");
      symbol.setAttribute("aria-hidden", "true");
      symbol.textContent = text;
      var spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.textContent = labels[name];
      b.appendChild(symbol);
      b.appendChild(spoken);
      b.title = labels[name];
      if (pressed) { b.setAttribute("aria-pressed", "false"); b.dataset.state = pressed; }
      // Keep the selection in the editing box while the button is pressed with a mouse.
      b.addEventListener("mousedown", function (event) { event.preventDefault(); });
      b.addEventListener("click", function () {
        if (name !== "source") { area.focus(); }
        run();
        if (name !== "source") { sync(); refresh(); }
      });
      bar.appendChild(b);
      buttons.push(b);
      return b;
    }

    function block(tag) {
      var current = (document.queryCommandValue("formatBlock") || "").toLowerCase();
      document.execCommand("formatBlock", false, current === tag ? "p" : tag);
    }

    function refresh() {
      buttons.forEach(function (b) {
        if (b.dataset.state === "bold" || b.dataset.state === "italic") {
          b.setAttribute("aria-pressed", String(document.queryCommandState(b.dataset.state)));
        } else if (b.dataset.state) {
          var value = (document.queryCommandValue("formatBlock") || "").toLowerCase();
          b.setAttribute("aria-pressed", String(value === b.dataset.state));
        }
      });
    }

    document.execCommand("defaultParagraphSeparator", false, "p");
    button("bold", "B", function () { document.execCommand("bold"); }, "bold");
    button("italic", "I", function () { document.execCommand("italic"); }, "italic");
    button("heading", "H2", function () { block("h2"); }, "h2");
    button("subheading", "H3", function () { block("h3"); }, "h3");
    button("bullets", "•", function () { document.execCommand("insertUnorderedList"); });
    button("numbers", "1.", function () { document.execCommand("insertOrderedList"); });
    // Words, not pictograms, for the links: a symbol font may be missing on the staff's computer.
    button("link", labels.link, function () {
      var href = safeHref(window.prompt(labels.link_prompt, "https://"));
      if (href) { document.execCommand("createLink", false, href); }
    });
    button("unlink", labels.unlink, function () { document.execCommand("unlink"); });
    var source = button("source", "HTML", function () {
      var showing = textarea.hidden;
      if (showing) { sync(); } else { area.innerHTML = fromText(textarea.value); }
      textarea.hidden = !showing;
      area.hidden = showing;
      source.setAttribute("aria-pressed", String(showing));
      buttons.forEach(function (b) { if (b !== source) { b.disabled = showing; } });
      (showing ? textarea : area).focus();
    });
    source.setAttribute("aria-pressed", "false");

    area.addEventListener("input", sync);
    area.addEventListener("keyup", refresh);
    area.addEventListener("mouseup", refresh);
    area.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) { return; }
      event.preventDefault();
      var html = data.getData("text/html");
      document.execCommand("insertHTML", false,
                           html ? clean(html) : fromText(data.getData("text/plain")));
      sync();
    });
    if (label) { label.addEventListener("click", function () { area.focus(); }); }
    textarea.form.addEventListener("submit", function () { if (textarea.hidden) { sync(); } });

    textarea.hidden = true;
    textarea.parentNode.insertBefore(wrap, textarea);
    wrap.appendChild(bar);
    wrap.appendChild(area);
    wrap.appendChild(textarea);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.richtext[data-toolbar]").forEach(build);
  });
}());

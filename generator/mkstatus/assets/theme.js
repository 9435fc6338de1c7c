/* MkStatus: what a status page uses of Material for MkDocs' script (35 KB gzipped), done in a few lines.
   Loaded instead of Material's bundle unless the site needs the bundle (docs/customising.md,
   "Material's script"). Same behaviour and storage as Material 9: the palette toggle (saved under
   Material's own localStorage key, so a reader's choice holds on every page), header title and
   shadow, back-to-top button, table of contents, tables, drawer and keyboard. <html> keeps its
   `no-js` class: Material's CSS then lays out sidebars and content tabs without a script. */
(function () {
  "use strict";
  var body = document.body;
  var $ = function (selector, scope) { return (scope || document).querySelector(selector); };
  var $$ = function (selector, scope) { return [].slice.call((scope || document).querySelectorAll(selector)); };
  var header = $("[data-md-component=header]"), main = $("[data-md-component=main]");
  var content = $("[data-md-component=content]");

  // Scripts written for Material run their set-up through document$.subscribe(...).
  if (!window.document$) window.document$ = { subscribe: function (observer) {
    var next = typeof observer === "function" ? observer : observer && observer.next;
    if (next) next(document);
    return { unsubscribe: function () {} };
  } };

  function stored(key) {
    try { return __md_get(key); } catch (error) { return null; }  // no storage, or not Material's JSON
  }

  // Palette: the toggle shows the next palette's label; the choice is stored as Material stores it.
  var form = $("[data-md-component=palette]");
  if (form && header) {
    var inputs = $$("input", form), current = 0;
    var meta = function (name) {
      var element = document.createElement("meta");
      element.name = name;
      return document.head.appendChild(element);
    };
    var themeColor = meta("theme-color"), colorScheme = meta("color-scheme");
    var keys = ["media", "scheme", "primary", "accent"];
    var apply = function (input) {
      var index = inputs.indexOf(input), color = {};
      keys.forEach(function (key) { color[key] = input.getAttribute("data-md-color-" + key); });
      body.setAttribute("data-md-color-switching", "");
      if (color.media === "(prefers-color-scheme)") {  // "automatic": the system's light or dark palette
        var system = $(matchMedia("(prefers-color-scheme: light)").matches
          ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']");
        if (system) keys.slice(1).forEach(function (key) { color[key] = system.getAttribute("data-md-color-" + key); });
      }
      keys.forEach(function (key) { body.setAttribute("data-md-color-" + key, color[key]); });
      inputs.forEach(function (other, i) {
        var label = other.nextElementSibling;
        if (label instanceof HTMLElement) label.hidden = i !== index;
      });
      __md_set("__palette", { index: index, color: color });
      current = index;
      var style = getComputedStyle(header);
      colorScheme.content = style.colorScheme;
      themeColor.content = "#" + style.backgroundColor.match(/\d+/g).map(function (value) {
        return (+value).toString(16).padStart(2, "0");
      }).join("");
      setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
    };
    var saved = stored("__palette");
    var start = saved ? saved.index : inputs.findIndex(function (input) {
      return matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
    if (inputs.length) apply(inputs[Math.max(0, Math.min(+start || 0, inputs.length - 1))]);
    inputs.forEach(function (input) { input.addEventListener("change", function () { apply(input); }); });
    form.addEventListener("keydown", function (event) {  // Enter switches, as Space does
      if (event.key !== "Enter") return;
      var next = inputs[(current + 1) % inputs.length];
      next.click();
      next.focus();
    });
    matchMedia("(prefers-color-scheme: light)").addEventListener("change", function () {
      if (inputs.length) apply(inputs[current]);
    });
  }

  // Tables scroll sideways inside Material's wrapper; code blocks that scroll take keyboard focus.
  if (content) {
    $$("table:not([class])", content).forEach(function (table) {
      var wrap = document.createElement("div"), inner = document.createElement("div");
      wrap.className = "md-typeset__scrollwrap";
      inner.className = "md-typeset__table";
      table.replaceWith(wrap);
      inner.appendChild(table);
      wrap.appendChild(inner);
    });
  }
  var codeFocus = function () {
    var hover = matchMedia("(hover)").matches;
    $$("pre:not(.mermaid) > code", content || document).forEach(function (code) {
      if (hover && code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
      else code.removeAttribute("tabindex");
    });
  };
  // Truncated header and navigation texts show in full as a tooltip.
  $$(".md-ellipsis").forEach(function (element) {
    if (element.offsetWidth < element.scrollWidth) (element.closest("a") || element).title = element.innerText;
  });

  // Header title, header shadow, back-to-top button and table of contents follow the scroll position.
  var title = $("[data-md-component=header-title]"), heading = $(".md-content h1");
  var top = $("[data-md-component=top]"), lastY = window.pageYOffset, topPaused = false;
  var toc = $$("[data-md-component=toc] .md-nav__link").map(function (anchor) {
    var target = document.getElementById(decodeURIComponent(anchor.hash.substring(1)));
    return target && [anchor, target];
  }).filter(Boolean);
  var hideTop = function (hidden) {
    top.hidden = hidden;
    if (hidden) {
      top.setAttribute("tabindex", "-1");
      top.blur();
    } else {
      top.removeAttribute("tabindex");
    }
  };
  var onScroll = function () {
    var y = window.pageYOffset, height = header ? header.offsetHeight : 0;
    var active = main ? main.offsetTop - height <= y : false;
    if (header) header.classList.toggle("md-header--shadow", active);
    if (title && heading) {
      title.classList.toggle("md-header__title--active",
        heading.offsetHeight > 0 && y - heading.offsetTop + height >= heading.offsetHeight);
    }
    if (top) {
      top.style.top = height + 16 + "px";
      if (!topPaused) hideTop(!(active && lastY > y && y > 0));
    }
    if (toc.length && main) {
      var grid = main.firstElementChild, adjust = height + 0.8 * (grid ? grid.offsetTop - main.offsetTop : 0);
      var last = y + window.innerHeight >= Math.floor(body.offsetHeight);
      var passed = toc.filter(function (pair) {
        var target = pair[1];
        while (!target.offsetTop && target.parentElement) target = target.parentElement;  // a hidden anchor
        return target.getBoundingClientRect().top < adjust || last;
      });
      toc.forEach(function (pair) {
        var index = passed.indexOf(pair);
        pair[0].classList.toggle("md-nav__link--passed", index >= 0);
        pair[0].classList.toggle("md-nav__link--active", index >= 0 && index === passed.length - 1);
      });
    }
    lastY = y;
  };
  if (top) {
    top.addEventListener("click", function (event) {
      event.preventDefault();
      window.scrollTo({ top: 0 });
    });
  }
  var frame = 0;
  var schedule = function () {
    if (!frame) frame = requestAnimationFrame(function () { frame = 0; onScroll(); });
  };
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", function () { schedule(); codeFocus(); });
  onScroll();
  codeFocus();

  // Following a link within the page: close the drawer, open the details around the target.
  var setToggle = function (name, value) {
    var toggle = $("[data-md-toggle=" + name + "]");
    if (toggle && toggle.checked !== value) {
      toggle.checked = value;
      toggle.dispatchEvent(new CustomEvent("change"));
    }
  };
  var reveal = function () {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.substring(1)));
    var details = target && target.closest("details:not([open])");
    if (details) {
      details.open = true;
      details.scrollIntoView();
    }
  };
  window.addEventListener("hashchange", function () {
    setTimeout(function () { setToggle("drawer", false); setToggle("search", false); }, 125);
    reveal();
    if (top) {  // a jump is not a scroll up
      topPaused = true;
      hideTop(true);
      setTimeout(function () { topPaused = false; }, 250);
    }
  });
  reveal();
  // Printing shows every details element open, and closes again those that were closed.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = $$("details:not([open])");
    closed.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (details) { details.open = false; });
  });

  // Navigation sections opened with the keyboard report it to screen readers.
  $$("[data-md-component=sidebar] label[tabindex]").forEach(function (label) {
    label.addEventListener("click", function () {
      setTimeout(function () {
        var input = document.getElementById(label.htmlFor), nav = $("[aria-labelledby='" + label.id + "']");
        if (input && nav) nav.setAttribute("aria-expanded", String(input.checked));
      });
    });
  });

  // Keyboard, as in Material: p or "," previous page, n or "." next page, Enter opens a focused label.
  window.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.isComposing) return;
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(SELECT|TEXTAREA)$/.test(active.tagName)
        || (active.tagName === "INPUT" && (active.type !== "radio" || /^Arrow/.test(event.key))))) return;
    var link = { p: "prev", ",": "prev", n: "next", ".": "next" }[event.key];
    var target = link && $("link[rel=" + link + "]");
    if (target) location.href = target.href;
    else if (event.key === "Enter" && active instanceof HTMLLabelElement) active.click();
  });
})();

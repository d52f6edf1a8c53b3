/* The book's own page script (served from _static, added to every page by booktools.offline_assets).
 *
 * Sidebar toggles. pydata-sphinx-theme >= 0.17 renders a ☰ and a contents button in its (hidden) top
 * navbar, and sphinx-book-theme renders its own pair in the article header, the ones a reader sees.
 * Both themes attach their click handlers to the FIRST `.primary-toggle` / `.secondary-toggle` of
 * the page (pydata-sphinx-theme issue #2451), so the visible buttons did nothing. Here every other
 * toggle forwards its click to the first one, which then does what the themes document: below 992 px
 * the chapter list (or the page contents) opens as a dialog; from 992 px the ☰ collapses and restores
 * the left sidebar.
 */
(function () {
  "use strict";

  function forwardClicks(selector) {
    var buttons = document.querySelectorAll(selector);
    for (var i = 1; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        buttons[0].click();
      });
    }
  }

  function ready(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  /* Live Code (sphinx-thebe) loads thebe from a CDN and runs the cells on Binder. Offline the loader
   * never finishes and its button said "Loading thebe from CDN..." forever: after a few seconds the
   * reader is told why and what to do instead. */
  var LIVE_CODE_WAIT_MS = 6000;
  var LIVE_CODE_OFFLINE = "Live Code could not start: it needs an internet connection (it loads thebe " +
    "from a CDN and runs on Binder). Offline, download the notebook (download icon) and run it in Jupyter.";

  function watchLiveCode() {
    document.querySelectorAll(".btn-launch-thebe").forEach(function (button) {
      button.addEventListener("click", function () {
        setTimeout(function () {
          var status = document.querySelector(".thebe-launch-button");
          if (status && /Loading thebe from CDN/.test(status.innerText) && !window.thebelab && !window.thebe) {
            status.innerText = LIVE_CODE_OFFLINE;
            status.classList.add("hc-live-code-offline");
          }
        }, LIVE_CODE_WAIT_MS);
      });
    });
  }

  /* Figures on small screens. A figure is drawn for a given width in CSS pixels (its `width`, or the
   * image's own width) with its smallest text at 9 pt = 12.5 px at that width; a phone shrinks a wide
   * figure to the column, and below ZOOM_BELOW of its drawn width that text falls under 9 px. Such a
   * figure gets an "Enlarge figure" button (and a click or tap on the figure does the same): it opens
   * the image at its drawn width in a full-screen box that scrolls in both directions, closed by the
   * close button, a tap outside the image or Escape. Nothing here needs a kernel. */
  var ZOOM_BELOW = 0.72;

  function drawnWidth(img) {
    var styled = parseFloat(img.style.width);
    if (styled > 0) return styled;
    var attribute = parseFloat(img.getAttribute("width"));
    return attribute > 0 ? attribute : img.naturalWidth;
  }

  function shownScale(img) {
    var drawn = drawnWidth(img);
    var shown = img.getBoundingClientRect().width;
    return drawn > 0 && shown > 0 ? shown / drawn : 1;
  }

  function openZoom(img, opener) {
    var box = document.createElement("div");
    box.className = "hc-zoom";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", "Enlarged figure");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "hc-zoom-close";
    close.setAttribute("aria-label", "Close the enlarged figure");
    close.textContent = "\u00d7 Close";
    var large = document.createElement("img");
    large.src = img.currentSrc || img.src;
    large.alt = img.alt;
    large.style.width = drawnWidth(img) + "px";
    box.appendChild(close);
    box.appendChild(large);
    function done() {
      document.removeEventListener("keydown", onKey);
      box.remove();
      document.body.classList.remove("hc-zoom-open");
      if (opener) opener.focus();
    }
    function onKey(event) {
      if (event.key === "Escape") done();
    }
    close.addEventListener("click", done);
    box.addEventListener("click", function (event) {
      if (event.target === box) done();
    });
    document.addEventListener("keydown", onKey);
    document.body.appendChild(box);
    document.body.classList.add("hc-zoom-open");
    close.focus();
  }

  function zoomButton(img) {
    if (img.hcZoomButton) return img.hcZoomButton;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "hc-zoom-button";
    button.textContent = "\u2922 Enlarge figure";
    button.hidden = true;
    button.addEventListener("click", function () { openZoom(img, button); });
    var anchor = img.parentElement.tagName === "A" ? img.parentElement : img;
    anchor.insertAdjacentElement("afterend", button);
    img.addEventListener("click", function (event) {
      if (!button.hidden) {
        event.preventDefault();
        openZoom(img, button);
      }
    });
    img.hcZoomButton = button;
    return button;
  }

  function updateZoom() {
    document.querySelectorAll(".bd-article img").forEach(function (img) {
      if (!img.complete || img.closest(".hc-zoom")) return;
      var small = shownScale(img) < ZOOM_BELOW;
      if (small || img.hcZoomButton) {
        zoomButton(img).hidden = !small;
        img.classList.toggle("hc-zoomable", small);
      }
    });
  }

  function watchZoom() {
    document.querySelectorAll(".bd-article img").forEach(function (img) {
      img.addEventListener("load", updateZoom);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(updateZoom, 150);
    });
    updateZoom();
  }

  /* Search results. Sphinx makes each result's snippet from the text of the page it fetched, which
   * holds the TeX source of every formula and the page's buttons. Here formulas become plain text
   * (Greek letters and common symbols as characters, commands and braces dropped) and the page's
   * navigation, buttons and hidden code are left out. */
  var TEX_SYMBOLS = {
    alpha: "\u03b1", beta: "\u03b2", gamma: "\u03b3", delta: "\u03b4", epsilon: "\u03b5", varepsilon: "\u03b5",
    eta: "\u03b7", ell: "\u2113", theta: "\u03b8", lambda: "\u03bb", mu: "\u03bc", nu: "\u03bd", pi: "\u03c0", rho: "\u03c1",
    sigma: "\u03c3", tau: "\u03c4", phi: "\u03c6", varphi: "\u03c6", omega: "\u03c9", Delta: "\u0394",
    Sigma: "\u03a3", Omega: "\u03a9", sum: "\u03a3", prod: "\u03a0", le: "\u2264", leq: "\u2264", ge: "\u2265",
    geq: "\u2265", ne: "\u2260", neq: "\u2260", approx: "\u2248", in: "\u2208", infty: "\u221e", to: "\u2192",
    rightarrow: "\u2192", cdot: "\u00b7", times: "\u00d7", top: "\u1d40", partial: "\u2202", nabla: "\u2207",
    pm: "\u00b1", ldots: "\u2026", dots: "\u2026", cdots: "\u22ef", mid: "|", "|": "\u2016", lVert: "\u2016",
    rVert: "\u2016", Vert: "\u2016", langle: "\u27e8", rangle: "\u27e9", min: "min", max: "max", log: "log",
    exp: "exp", sin: "sin", cos: "cos", forall: "\u2200", subseteq: "\u2286", cup: "\u222a", cap: "\u2229",
  };
  var BLACKBOARD = {R: "\u211d", N: "\u2115", Z: "\u2124", E: "\ud835\udd3c", P: "\u2119"};

  function texToText(tex) {
    return tex
      .replace(/^\s*\\[\[(]|\\[\])]\s*$/g, "")
      .replace(/\\mathbb\{?([A-Z])\}?/g, function (m, letter) { return BLACKBOARD[letter] || letter; })
      .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, "($1)/($2)")
      .replace(/\\(?:begin|end)\{[a-z*]*\}/g, " ")
      .replace(/\\\\|&/g, " ")
      .replace(/\\([A-Za-z]+|\|)/g, function (m, name) {
        return Object.prototype.hasOwnProperty.call(TEX_SYMBOLS, name) ? TEX_SYMBOLS[name] : " ";
      })
      .replace(/\\[,;:! ]/g, " ")
      .replace(/[{}]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  }

  var SEARCH_CHROME = [".headerlink", "script", "style", "nav", "button", ".header-article-items",
    ".prev-next-area", ".bd-sidebar-secondary", ".tag_remove-input", ".tag_hide-input .cell_input",
    ".hc-zoom-button", ".toggle-details", ".dropdown-menu", ".onlyprint"];

  function readableSearchText() {
    if (typeof Search === "undefined" || !Search.htmlToText) return;
    Search.htmlToText = function (htmlString, anchor) {
      var page = new DOMParser().parseFromString(htmlString, "text/html");
      SEARCH_CHROME.forEach(function (query) {
        page.querySelectorAll(query).forEach(function (element) { element.remove(); });
      });
      page.querySelectorAll(".math").forEach(function (element) {
        element.textContent = " " + texToText(element.textContent) + " ";
      });
      var main = page.querySelector('[role="main"]');
      var content = main;
      try {
        content = (anchor && main && main.querySelector(anchor)) || main;
      } catch (error) {  /* an anchor that is not a valid selector: the whole page */ }
      return content ? content.textContent.replace(/\s+/g, " ").trim() : "";
    };
  }

  ready(function () {
    forwardClicks(".primary-toggle");
    forwardClicks(".secondary-toggle");
    watchLiveCode();
    watchZoom();
    readableSearchText();
  });
})();

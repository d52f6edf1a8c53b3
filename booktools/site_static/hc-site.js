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

  ready(function () {
    forwardClicks(".primary-toggle");
    forwardClicks(".secondary-toggle");
    watchLiveCode();
  });
})();

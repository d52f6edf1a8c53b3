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

  ready(function () {
    forwardClicks(".primary-toggle");
    forwardClicks(".secondary-toggle");
  });
})();

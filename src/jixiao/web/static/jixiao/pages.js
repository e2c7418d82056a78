// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy can refuse
// inline scripts and event handlers (settings.CONTENT_SECURITY_POLICY).
//  <form data-confirm="删除指标“…”？">  asks before it is sent, and is not sent when the user says no;
//  <a data-back href="/">  goes back a page (to the href when there is no page to go back to).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-confirm]") : null;
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-back]") : null;
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();

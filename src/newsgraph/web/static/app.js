// Progressive help only: every page reads without it. j / k move between the quotes of an article,
// Escape leaves the one in focus, and the quote in focus is marked in the "Who said what" list beside
// the text. No data from the page is ever turned into markup here.
(function () {
  "use strict";
  document.addEventListener("focusin", function (ev) {
    var m = ev.target && ev.target.closest ? ev.target.closest("mark.q") : null;
    if (!m) return;
    var prev = document.querySelector("ol.attrs li.current");
    if (prev) prev.classList.remove("current");
    var li = document.getElementById("a-" + m.getAttribute("data-a"));
    if (li) {
      li.classList.add("current");
      li.scrollIntoView({ block: "nearest" });
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    var quotes = Array.prototype.slice.call(document.querySelectorAll("mark.q"));
    if (!quotes.length) return;
    var i = quotes.indexOf(document.activeElement);
    if (ev.key === "j" || ev.key === "k") {
      var next = ev.key === "j" ? i + 1 : (i < 0 ? quotes.length - 1 : i - 1);
      if (next >= 0 && next < quotes.length) {
        quotes[next].focus();
        quotes[next].scrollIntoView({ block: "center" });
        ev.preventDefault();
      }
    } else if (ev.key === "Escape" && i >= 0) {
      quotes[i].blur();
    }
  });
})();

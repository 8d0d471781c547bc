/* Draw each release chart from its JSON (a data attribute) with the plotly.js that ships
   inside the plotly Python package. Charts are static pictures: each is a
   labelled image (role="img") with a data table beside it, so the SVG itself is
   hidden from assistive technology and takes no keyboard focus. */
(function () {
  "use strict";

  function hideSvg(el) {
    el.querySelectorAll("svg").forEach(function (svg) {
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
    });
  }

  function draw(root) {
    if (!window.Plotly) {
      return;
    }
    var charts = root.matches && root.matches("[data-figure]") ? [root] : [];
    root.querySelectorAll("[data-figure]").forEach(function (el) { charts.push(el); });
    charts.forEach(function (el) {
      if (el.hasAttribute("data-drawing")) {
        return;
      }
      el.setAttribute("data-drawing", "true");
      var figure = JSON.parse(el.getAttribute("data-figure"));
      var config = { displayModeBar: false, staticPlot: true, responsive: true };
      window.Plotly.newPlot(el, figure.data, figure.layout, config).then(function () {
        hideSvg(el);
        el.setAttribute("data-drawn", "true");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  // Filters swap the results in place (htmx): draw what arrived. htmx:load is
  // fired on each new element once it is in the document.
  document.addEventListener("htmx:load", function (event) {
    draw(event.target);
  });
})();

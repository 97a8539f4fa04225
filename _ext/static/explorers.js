/* Draws the book's kernel-free explorers (hamstrings.explorers.page) with vega-embed.
 *
 * Each <div class="hs-explorer"> holds a Vega-Lite specification built by the package at
 * build time, with every model result the explorer can show. Vega draws it and binds its
 * parameters to the controls; nothing here plots. This file only
 *   - embeds each specification (SVG renderer, no action menu),
 *   - uses the dark configuration when the book is in dark mode, and redraws when the
 *     reader switches mode, keeping the controls where they were,
 *   - keeps each Vega view on its element (el.hsView) for the browser tests.
 */
(function () {
  "use strict";

  function mode() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }

  function read(el, cls) {
    return JSON.parse(el.querySelector("." + cls).textContent);
  }

  async function draw(el) {
    const spec = read(el, "hs-explorer-spec");
    const params = JSON.parse(el.dataset.params || "[]");
    if (el.hsView) {
      const values = {};
      params.forEach(function (p) { values[p] = el.hsView.signal(p); });
      (spec.params || []).forEach(function (p) {
        if (p.name in values) { p.value = values[p.name]; }
      });
      el.hsView.finalize();
    }
    if (mode() === "dark") {
      spec.config = Object.assign({}, spec.config, read(el, "hs-explorer-dark"));
    }
    let target = el.querySelector(".hs-explorer-chart");
    if (!target) {
      target = document.createElement("div");
      target.className = "hs-explorer-chart";
      el.appendChild(target);
    }
    const result = await vegaEmbed(target, spec, { actions: false, renderer: "svg" });
    el.hsView = result.view;
    el.dataset.mode = mode();
    el.classList.add("hs-explorer-ready");
  }

  function drawAll() {
    document.querySelectorAll("div.hs-explorer").forEach(function (el) {
      if (el.dataset.mode !== mode()) {
        draw(el).catch(function (err) {
          el.classList.add("hs-explorer-failed");
          console.error("explorer could not be drawn:", err);
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  new MutationObserver(drawAll).observe(document.documentElement,
    { attributes: true, attributeFilter: ["data-theme"] });
})();

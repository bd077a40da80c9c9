/**
 * The few lines of browser code that render each chart live: compile the inlined Vega-Lite
 * spec, render it as SVG into its <div class="chart">, and record the outcome on the div
 * (data-rendered="true" or data-error) so a headless browser test can wait for it.
 */
export const EMBED_SHIM = `(function () {
  'use strict';
  var divs = Array.prototype.slice.call(document.querySelectorAll('.chart[data-chart]'));
  function fail(div, err) {
    var message = (err && err.message) ? err.message : String(err);
    div.setAttribute('data-error', message);
    div.removeAttribute('data-rendered');
    div.textContent = 'This chart could not be rendered: ' + message;
    if (window.console) console.error('chart ' + div.getAttribute('data-chart') + ': ' + message);
  }
  if (typeof vega === 'undefined' || typeof vegaLite === 'undefined') {
    divs.forEach(function (div) { fail(div, new Error('the inlined vega libraries did not load')); });
    return;
  }
  var specs;
  try {
    specs = JSON.parse(document.getElementById('routesim-chart-specs').textContent);
  } catch (e) {
    divs.forEach(function (div) { fail(div, e); });
    return;
  }
  divs.forEach(function (div) {
    var name = div.getAttribute('data-chart');
    try {
      var spec = specs[name];
      if (!spec) throw new Error('no spec named ' + name);
      var compiled = vegaLite.compile(spec).spec;
      div.textContent = '';
      var view = new vega.View(vega.parse(compiled), { renderer: 'svg', container: div, hover: true });
      view.runAsync().then(function () {
        div.setAttribute('data-rendered', 'true');
      }, function (e) { fail(div, e); });
    } catch (e) {
      fail(div, e);
    }
  });
})();`;

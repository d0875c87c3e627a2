// /docs: start Swagger UI with the configuration the page carries as JSON (no inline script: the
// Content-Security-Policy allows none).
window.addEventListener("load", function () {
  var config = JSON.parse(document.getElementById("swagger-ui-config").textContent);
  window.ui = SwaggerUIBundle(config);
});

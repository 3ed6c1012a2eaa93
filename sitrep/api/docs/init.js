// Swagger UI on this server's OpenAPI document; a script file, not inline, so the CSP stays strict.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null, // never ask an online validator
  tryItOutEnabled: false,
});

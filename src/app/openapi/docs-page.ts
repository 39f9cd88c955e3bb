/**
 * /api/docs: Swagger UI from the swagger-ui-dist package, served from this origin (no CDN), reading
 * /api/openapi.json. The page's script lives in its own file so the Content-Security-Policy needs no inline scripts.
 */
import path from 'node:path';
import express, { type Router } from 'express';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Baton API</title>
    <link rel="stylesheet" href="./assets/swagger-ui.css" />
    <link rel="icon" type="image/png" href="./assets/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./assets/swagger-ui-bundle.js"></script>
    <script src="./init.js"></script>
  </body>
</html>
`;

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '../openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: false,
  });
});
`;

export function docsRouter(): Router {
  const router = express.Router();
  const assets = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  // /api/docs → /api/docs/ so the page's relative URLs resolve under /api/docs/
  router.get('/', (req, res, next) => {
    if (!req.originalUrl.split('?')[0].endsWith('/')) {
      res.redirect(301, `${req.baseUrl}/`);
      return;
    }
    next();
  });
  router.get('/', (_req, res) => {
    res.type('html').send(INDEX_HTML);
  });
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT_JS);
  });
  router.use('/assets', express.static(assets, { index: false, maxAge: '1h' }));
  return router;
}

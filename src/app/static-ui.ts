/**
 * Serves the modeler UI's built files (modeler-ui/dist, built by Vite) at `/`, with index.html for the UI's
 * own client-side routes. Nothing is served when the UI has not been built.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

export function staticUi(directory: string): Router | undefined {
  const index = path.join(directory, 'index.html');
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  router.use(express.static(directory, { index: 'index.html', maxAge: '5m' }));
  // client-side routes (/models/order-fulfilment, /instances/123): the UI's index.html; never for /api or files
  router.get(/^\/(?!api\/|api$|health$|ready$)[^.]*$/, (_req, res) => {
    res.sendFile(index);
  });
  return router;
}

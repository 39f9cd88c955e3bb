/**
 * `GET /v2/license`: the embedded engine runs without a Camunda license, so it answers as a self-managed
 * Camunda without one does: not valid, type "unknown", not commercial, no expiry.
 */
import { Router as createRouter, type Router } from 'express';

export function licenseRoutes(): Router {
  const router = createRouter();
  router.get('/license', (_req, res) => {
    res.json({ validLicense: false, licenseType: 'unknown', isCommercial: false, expiresAt: null });
  });
  return router;
}

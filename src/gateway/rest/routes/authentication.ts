/**
 * `GET /v2/authentication/me`: the user the request authenticated as (Camunda's CamundaUserResult). The
 * embedded engine has no roles, groups, tenants or web components, so those lists are empty.
 */
import { Router as createRouter, type Router } from 'express';
import { authenticatedUser } from '../../../engine-security/rest-authentication';
import { RestProblem } from '../problem';

export function authenticationRoutes(): Router {
  const router = createRouter();
  router.get('/authentication/me', (_req, res) => {
    const user = authenticatedUser(res);
    // with an unprotected API no one is authenticated (Camunda ignores credentials there too)
    if (!user)
      throw new RestProblem(401, 'Unauthorized', 'An Authentication object was not found in the SecurityContext');
    res.json({
      username: user.username,
      displayName: user.name,
      email: user.email,
      authorizedComponents: [],
      tenants: [],
      groups: [],
      roles: [],
      salesPlanType: '',
      c8Links: {},
      canLogout: true,
    });
  });
  return router;
}

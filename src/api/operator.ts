// Who may change what every account shares. The world, its faults, the spot market and the
// clock are one for the whole service: a tenant who could change them could reboot another
// tenant's host, reclaim its spot instances or zero its balance.
import type { FastifyRequest } from 'fastify';
import { DEFAULT_ACCOUNT } from '../model/event.js';
import { callerOf } from './authenticated.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';

export function operatorAccount(deps: ApiDeps): string {
  return deps.operatorAccount ?? DEFAULT_ACCOUNT;
}

export function isOperator(req: FastifyRequest, deps: ApiDeps): boolean {
  return callerOf(req).account === operatorAccount(deps);
}

/**
 * A preValidation hook for a route only the operator may call: anyone else is refused before
 * the body is looked at, so a refusal says nothing about the body and changes nothing.
 */
export function operatorOnly(deps: ApiDeps): (req: FastifyRequest) => Promise<void> {
  return async (req) => {
    if (isOperator(req, deps)) return;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    throw new ApiError(
      'Forbidden.Operator',
      `${route} changes what every account shares, so only the operator account ${JSON.stringify(operatorAccount(deps))} may call it, not ${JSON.stringify(callerOf(req).account)}; ` +
        'the operator is the account `eci-events serve --operator-account NAME` (ECI_EVENTS_OPERATOR_ACCOUNT) names, "default" unless set',
    );
  };
}

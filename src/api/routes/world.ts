import type { FastifyInstance } from 'fastify';
import { EmulatorError, FAULT_KINDS, isFaultKind, type FaultRequest } from '../../emulator/index.js';
import { MAX_CONTROL_BYTES, MAX_FAULT_DURATION_MICROS, MAX_WORLD_BYTES } from '../../emulator/world/bounds.js';
import { parseDuration } from '../../model/duration.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { callerOf } from '../authenticated.js';
import { isOperator, operatorOnly } from '../operator.js';
import { namedSchemaError } from '../schema-errors.js';
import { FaultAnswer, FaultKindsAnswer, FaultsAnswer, ReclaimAnswer } from '../../contracts/index.js';
import { faultJson, FaultRequestBody, ReclaimRequest, WorldAnswer, WorldChangeAnswer } from './world-schemas.js';

function durationOf(field: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let micros: number;
  try {
    micros = parseDuration(text);
  } catch (err) {
    throw new ApiError('InvalidParameter', `${field}: ${(err as Error).message}`);
  }
  if (micros <= 0) throw new ApiError('InvalidParameter', `${field}: ${JSON.stringify(text)} is no time at all; give a positive duration such as 10m`);
  if (micros > MAX_FAULT_DURATION_MICROS)
    throw new ApiError(
      'InvalidParameter',
      `${field}: ${JSON.stringify(text)} is longer than ${MAX_FAULT_DURATION_MICROS / 86_400_000_000}d, the bound of a fault's times`,
    );
  return micros;
}

/**
 * The emulator's world, changed at run time: read it, patch it, inject and clear faults of the
 * infrastructure, make the spot market reclaim instances. The world is shared by every account,
 * so only the operator account may change it; every account may read it, each seeing only its
 * own settings and instances in it. Each change answers once the events it caused are stored,
 * so the caller can read them at once; it does not wait for anybody else's (emulator.changing).
 */
export function worldRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const options = { schemaErrorFormatter: namedSchemaError };
  const control = { ...options, preValidation: operatorOnly(deps) };
  app.get('/v1/world', { ...options, schema: { response: { 200: WorldAnswer } } }, async (req): Promise<WorldAnswer> => {
    // The operator sees the whole world; any other account, what is shared and what is its own.
    const state = deps.emulator.worldState(isOperator(req, deps) ? undefined : callerOf(req).account);
    return { ...state, faults: state.faults.map(faultJson) };
  });

  app.post<{ Body: Record<string, unknown> }>(
    '/v1/world',
    {
      ...control,
      bodyLimit: MAX_WORLD_BYTES,
      schema: { body: { type: 'object', description: 'a partial world, merged into the current one by ids' }, response: { 200: WorldChangeAnswer } },
    },
    async (req) => {
      // A WorldError is answered InvalidWorld, its problems listed, by the app's error handler.
      const change = deps.emulator.changing(() => deps.emulator.changeWorld(req.body));
      await change.written;
      return { world: change.value };
    },
  );

  app.get('/v1/faults', { ...options, schema: { response: { 200: FaultsAnswer } } }, async (): Promise<FaultsAnswer> => ({
    faults: deps.emulator.worldState().faults.map(faultJson),
  }));

  app.get('/v1/faults/kinds', { ...options, schema: { response: { 200: FaultKindsAnswer } } }, async (): Promise<FaultKindsAnswer> => ({
    kinds: Object.entries(FAULT_KINDS).map(([kind, k]) => ({ kind, target: k.target, about: k.about })),
  }));

  app.post<{ Body: FaultRequestBody }>(
    '/v1/faults',
    { ...control, bodyLimit: MAX_CONTROL_BYTES, schema: { body: FaultRequestBody, response: { 201: FaultAnswer } } },
    async (req, reply) => {
      const { kind, target, count, detail, factor } = req.body;
      if (!isFaultKind(kind))
        throw new ApiError('InvalidParameter', `kind: ${JSON.stringify(kind)} is not a fault kind; the kinds are ${Object.keys(FAULT_KINDS).join(', ')}`);
      const duration = durationOf('duration', req.body.duration);
      const deadline = durationOf('deadline', req.body.deadline);
      if (deadline !== undefined && kind !== 'host-maintenance')
        throw new ApiError('InvalidParameter', `deadline: only host-maintenance has a deadline, not ${kind}`);
      const request: FaultRequest = {
        kind,
        target,
        ...(count !== undefined ? { count } : {}),
        ...(duration !== undefined ? { duration } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
        ...(detail !== undefined ? { detail } : {}),
        ...(factor !== undefined ? { factor } : {}),
      };
      // The emulator's refusals are answered in the vocabulary by the app's error handler.
      const change = deps.emulator.changing(() => deps.emulator.injectFault(request));
      await change.written;
      return reply.status(201).send({ fault: faultJson(change.value) });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/faults/:id',
    {
      ...control,
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } },
        response: { 200: FaultAnswer },
      },
    },
    async (req) => {
      let change;
      try {
        change = deps.emulator.changing(() => deps.emulator.clearFault(req.params.id));
      } catch (err) {
        // The one refusal of clearFault: no such fault in force (never injected, cleared, or over).
        if (err instanceof EmulatorError) throw new ApiError('NotFound', `id: no fault ${JSON.stringify(req.params.id)} is in force`);
        throw err;
      }
      await change.written;
      return { fault: faultJson(change.value) };
    },
  );

  app.post<{ Body: ReclaimRequest }>(
    '/v1/spot/reclaim',
    { ...control, bodyLimit: MAX_CONTROL_BYTES, schema: { body: ReclaimRequest, response: { 200: ReclaimAnswer } } },
    async (req) => {
      const change = deps.emulator.changing(() => deps.emulator.reclaimSpot(req.body));
      await change.written;
      return { containerGroupIds: change.value };
    },
  );
}

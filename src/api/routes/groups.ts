// The console's container groups: GET /v1/groups (searchable, sortable, paged) and
// GET /v1/groups/:id, the caller's account only.
import type { FastifyInstance } from 'fastify';
import { GROUP_STATUSES, type ContainerGroup } from '../../emulator/index.js';
import { callerOf } from '../authenticated.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { GROUP_SORTS, groupItem, listGroups, type GroupQuery } from '../groups/list.js';
import { renderContainerGroup } from '../rpc/render-container-group.js';
import { ErrorBody, GroupPage, GroupsPage } from '../../contracts/index.js';

/** Groups on one page at most. */
export const MAX_GROUPS_PAGE = 500;

/** Every group the emulator holds for the account, in every region. */
function emulatedGroups(deps: ApiDeps, account: string): ContainerGroup[] {
  return deps.emulator.regions().flatMap((r) => deps.emulator.list(account, r.regionId, {}, { limit: Number.MAX_SAFE_INTEGER }).groups);
}

export function groupRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: GroupQuery }>(
    '/v1/groups',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 256 },
            status: { type: 'string', enum: [...GROUP_STATUSES] },
            regionId: { type: 'string', maxLength: 64 },
            sort: { type: 'string', enum: [...GROUP_SORTS], default: 'created' },
            order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
            offset: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: MAX_GROUPS_PAGE, default: 50 },
          },
        },
        response: { 200: GroupsPage, 400: ErrorBody },
      },
    },
    async (req): Promise<GroupsPage> => {
      const { account } = callerOf(req);
      return listGroups(emulatedGroups(deps, account), await deps.store.groupSummaries(account), req.query);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/groups/:id',
    {
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 253 } } },
        response: { 200: GroupPage, 404: ErrorBody },
      },
    },
    async (req): Promise<GroupPage> => {
      const { account } = callerOf(req);
      const group = deps.emulator.get(account, req.params.id);
      const [events] = await deps.store.groupSummaries(account, [req.params.id]);
      if (!group && !events) throw new ApiError('NotFound', `no container group ${JSON.stringify(req.params.id)} in this account`);
      return { summary: groupItem(group, events), detail: group ? renderContainerGroup(group) : null };
    },
  );
}

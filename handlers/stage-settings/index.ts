/**
 * The stage-settings custom resource: applies to a REST API stage what
 * CloudFormation cannot express, through the API Gateway API.
 *
 * - Cache invalidation: `requireAuthorizationForCacheControl` and
 *   `unauthorizedCacheControlHeaderStrategy` for every method setting.
 * - Canary removal: CloudFormation leaves `canarySettings` on the live stage
 *   when `CanarySetting` is removed from the template (aws-cdk#33901).
 *
 * Every request is idempotent: the handler reads the stage and patches it to
 * the desired state. Delete restores API Gateway's defaults and removes a
 * canary; a stage that is already gone is not an error, so a rollback never fails here.
 *
 * The handler touches only the stage it manages, and only the settings it is
 * meant to set; it checks the request before any call to API Gateway:
 * - the stage it manages is the one its `RestApiId` and `StageName` name, which
 *   must be one of the stages its stack's constructs granted it (the
 *   `MANAGED_STAGES` environment variable, `restApiId/stageName` separated by
 *   commas: the same stages its IAM policy names). An update or delete must
 *   come for the stage the resource was created for (its physical id,
 *   `restApiId/stageName`); an update may move it to another managed stage
 *   (the stage was replaced), and CloudFormation then deletes the old one.
 * - the patch operations are `replace` operations of the two cache
 *   invalidation settings of a method setting
 *   (`/{resourcePath}/{method}/caching/requireAuthorizationForCacheControl` and
 *   `.../unauthorizedCacheControlHeaderStrategy`), with values API Gateway
 *   takes; the canary is removed by the handler itself, never by a patch it is given.
 * A refused request is answered FAILED (a delete: SUCCESS without any change,
 * since a delete must not leave the stack stuck).
 *
 * Every call to API Gateway has a timeout, and the whole request a budget (the
 * function's remaining time, less what answering CloudFormation needs), so a
 * hanging endpoint becomes a FAILED answer long before CloudFormation stops
 * waiting. An answer the response URL does not take (not 2xx) is retried, then
 * thrown, so that Lambda retries the event.
 */
import { APIGatewayClient, GetStageCommand, PatchOperation, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { runCustomResource } from '../shared/cfn-response';

/** The desired state, as the construct renders it into the resource's `Settings` property (JSON). */
export interface StageSettings {
  /** Patch operations that set the desired values (all `replace`). */
  readonly apply: PatchOperation[];
  /** Patch operations that restore API Gateway's defaults, run on delete. */
  readonly revert: PatchOperation[];
  /** Whether the stage must have no canary (the template defines none). */
  readonly removeCanary: boolean;
}

export interface StageSettingsRequest {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly restApiId: string;
  readonly stageName: string;
  readonly settings: StageSettings;
}

/** How long to keep retrying an UpdateStage that conflicts with another change to the API. */
const CONFLICT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
/** The longest one call to API Gateway (with the SDK's own retries) may take. */
export const SDK_CALL_TIMEOUT_MS = 20_000;
/** How long the SDK waits for a connection, and for an answer to one request. */
const SDK_CONNECTION_TIMEOUT_MS = 5_000;
const SDK_REQUEST_TIMEOUT_MS = 10_000;

/** The patch paths the construct renders: the cache invalidation settings of one method setting. */
const METHOD_SETTING_PATH = /^\/(\*|~1[^/]*)\/(\*|[A-Z]+)\/caching\/(requireAuthorizationForCacheControl|unauthorizedCacheControlHeaderStrategy)$/;
const SETTING_VALUES: Record<string, string[]> = {
  requireAuthorizationForCacheControl: ['true', 'false'],
  unauthorizedCacheControlHeaderStrategy: ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'],
};
const REST_API_ID = /^[A-Za-z0-9]{1,64}$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** A request the handler refuses to carry out: it names what is not allowed. */
export class RequestRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestRefused';
  }
}

/** Options of `applyStageSettings`. */
export interface ApplyOptions {
  /** Aborts every call to API Gateway, and the wait between retries, when the request's budget is spent. */
  readonly signal?: AbortSignal;
}

/**
 * Checks that the settings hold only what the construct renders: `replace`
 * operations of the cache invalidation settings, with values API Gateway takes.
 */
export function validateSettings(settings: unknown): StageSettings {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new RequestRefusedError('Settings must be an object { apply, revert, removeCanary }');
  }
  const { apply, revert, removeCanary, ...others } = settings as Record<string, unknown>;
  if (Object.keys(others).length > 0) {
    throw new RequestRefusedError(`Settings has unknown fields: ${Object.keys(others).join(', ')}`);
  }
  if (typeof removeCanary !== 'boolean') {
    throw new RequestRefusedError('Settings.removeCanary must be true or false');
  }
  for (const [name, operations] of [['apply', apply], ['revert', revert]] as const) {
    if (!Array.isArray(operations)) {
      throw new RequestRefusedError(`Settings.${name} must be a list of patch operations`);
    }
    for (const operation of operations as PatchOperation[]) {
      const match = METHOD_SETTING_PATH.exec(String(operation?.path));
      if (operation?.op !== 'replace' || !match || Object.keys(operation).some(key => !['op', 'path', 'value'].includes(key))) {
        throw new RequestRefusedError(`patch operation ${JSON.stringify(operation)} is not one this resource sets: only "replace" of /{resourcePath}/{method}/caching/requireAuthorizationForCacheControl or .../unauthorizedCacheControlHeaderStrategy`);
      }
      if (!SETTING_VALUES[match[3]].includes(String(operation.value))) {
        throw new RequestRefusedError(`patch operation ${JSON.stringify(operation)} has a value ${match[3]} does not take: ${SETTING_VALUES[match[3]].join(', ')}`);
      }
    }
  }
  return settings as StageSettings;
}

/**
 * The request an event asks for, once checked: the stage must be one the function
 * manages (`managedStages`, `restApiId/stageName`), and an update or delete must
 * come for the stage the resource was created for (its physical id).
 */
export function requestFromEvent(event: CloudFormationCustomResourceEvent, managedStages: readonly string[]): StageSettingsRequest {
  if (!['Create', 'Update', 'Delete'].includes(event.RequestType)) {
    throw new RequestRefusedError(`request type ${JSON.stringify(event.RequestType)} is unknown`);
  }
  const properties = event.ResourceProperties;
  const { RestApiId: restApiId, StageName: stageName } = properties;
  if (typeof restApiId !== 'string' || !REST_API_ID.test(restApiId) || typeof stageName !== 'string' || !STAGE_NAME.test(stageName)) {
    throw new RequestRefusedError(`RestApiId ${JSON.stringify(restApiId)} and StageName ${JSON.stringify(stageName)} must name a REST API stage`);
  }
  const stage = `${restApiId}/${stageName}`;
  if (!managedStages.includes(stage)) {
    throw new RequestRefusedError(`stage ${stage} is not one this function manages (${managedStages.join(', ') || 'none'})`);
  }
  if (event.RequestType === 'Delete' && event.PhysicalResourceId !== stage) {
    throw new RequestRefusedError(`a delete of ${event.PhysicalResourceId} names stage ${stage}; it may only revert the stage it was created for`);
  }
  if (event.RequestType === 'Update') {
    const old = event.OldResourceProperties;
    if (event.PhysicalResourceId !== `${old.RestApiId}/${old.StageName}`) {
      throw new RequestRefusedError(`an update of ${event.PhysicalResourceId} says it was created for ${old.RestApiId}/${old.StageName}`);
    }
  }
  return { requestType: event.RequestType, restApiId, stageName, settings: validateSettings(JSON.parse(properties.Settings)) };
}

/** Brings the stage to the requested state; returns what it did, for the log and the response. */
export async function applyStageSettings(
  client: APIGatewayClient, request: StageSettingsRequest, sleep = defaultSleep, options: ApplyOptions = {},
): Promise<string> {
  const { restApiId, stageName } = request;
  const settings = validateSettings(request.settings);
  const { signal } = options;
  // Every call is bounded, and ends when the request's budget does.
  const callOptions = () => {
    const timeout = AbortSignal.timeout(SDK_CALL_TIMEOUT_MS);
    return { abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout };
  };
  let stage;
  try {
    stage = await client.send(new GetStageCommand({ restApiId, stageName }), callOptions());
  } catch (error) {
    if (request.requestType === 'Delete' && isNotFound(error)) {
      return `stage ${stageName} of ${restApiId} is already gone`;
    }
    throw error;
  }
  // On delete, revert only method settings the stage still has: CloudFormation may have removed some.
  const existing = new Set(Object.keys(stage.methodSettings ?? {}));
  const revert = settings.revert.filter(operation => existing.has(methodSettingKey(operation.path)));
  const operations: PatchOperation[] = [...request.requestType === 'Delete' ? revert : settings.apply];
  if ((request.requestType === 'Delete' || settings.removeCanary) && stage.canarySettings) {
    operations.push({ op: 'remove', path: '/canarySettings' });
  }
  if (operations.length === 0) {
    return 'nothing to change';
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(new UpdateStageCommand({ restApiId, stageName, patchOperations: operations }), callOptions());
      break;
    } catch (error) {
      if (request.requestType === 'Delete' && isNotFound(error)) {
        return `stage ${stageName} of ${restApiId} is already gone`;
      }
      // CloudFormation may be changing the same API (another stage, a deployment) at the same time.
      if ((error as { name?: string }).name === 'ConflictException' && attempt < CONFLICT_RETRY_DELAYS_MS.length && !signal?.aborted) {
        await sleep(CONFLICT_RETRY_DELAYS_MS[attempt]);
        continue;
      }
      throw error;
    }
  }
  return `applied ${operations.map(operation => `${operation.op} ${operation.path}`).join(', ')}`;
}

/** `/~1pets/GET/caching/x` → `~1pets/GET`, as GetStage keys its method settings. */
function methodSettingKey(path: string | undefined): string {
  return (path ?? '').split('/caching/')[0].slice(1);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: string }).name === 'NotFoundException';
}

/** The Lambda entry point: CloudFormation's custom resource protocol around `applyStageSettings`. */
export async function handler(event: CloudFormationCustomResourceEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<void> {
  const properties = event.ResourceProperties;
  const stageId = `${properties.RestApiId}/${properties.StageName}`.slice(0, 1024);
  await runCustomResource(event, context, {
    failedCreateId: stageId,
    notDone: 'the stage was not updated',
    work: async signal => {
      // Checked before any call to API Gateway.
      const request = requestFromEvent(event, managedStagesFromEnvironment());
      // When the stage itself changed (another API or name), the old one is left to the delete of the old physical id.
      const client = new APIGatewayClient({
        maxAttempts: 3,
        requestHandler: { connectionTimeout: SDK_CONNECTION_TIMEOUT_MS, requestTimeout: SDK_REQUEST_TIMEOUT_MS },
      });
      return { reason: await applyStageSettings(client, request, defaultSleep, { signal }), physicalResourceId: stageId };
    },
  });
}

/** The stages the function may change, as its construct set them: `restApiId/stageName,...`. */
function managedStagesFromEnvironment(): string[] {
  return (process.env.MANAGED_STAGES ?? '').split(',').map(stage => stage.trim()).filter(stage => stage !== '');
}

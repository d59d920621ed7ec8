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
 */
import * as http from 'http';
import * as https from 'https';
import { APIGatewayClient, GetStageCommand, PatchOperation, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';

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

/** Brings the stage to the requested state; returns what it did, for the log and the response. */
export async function applyStageSettings(client: APIGatewayClient, request: StageSettingsRequest, sleep = defaultSleep): Promise<string> {
  const { restApiId, stageName, settings } = request;
  let stage;
  try {
    stage = await client.send(new GetStageCommand({ restApiId, stageName }));
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
      await client.send(new UpdateStageCommand({ restApiId, stageName, patchOperations: operations }));
      break;
    } catch (error) {
      if (request.requestType === 'Delete' && isNotFound(error)) {
        return `stage ${stageName} of ${restApiId} is already gone`;
      }
      // CloudFormation may be changing the same API (another stage, a deployment) at the same time.
      if ((error as { name?: string }).name === 'ConflictException' && attempt < CONFLICT_RETRY_DELAYS_MS.length) {
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
export async function handler(event: CloudFormationCustomResourceEvent, _context?: Context): Promise<void> {
  const properties = event.ResourceProperties;
  const physicalResourceId = `${properties.RestApiId}/${properties.StageName}`;
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason: string;
  try {
    const request: StageSettingsRequest = {
      requestType: event.RequestType,
      restApiId: properties.RestApiId,
      stageName: properties.StageName,
      settings: JSON.parse(properties.Settings) as StageSettings,
    };
    // When the stage itself changed (another API or name), the old one is left to the delete of the old physical id.
    reason = await applyStageSettings(new APIGatewayClient({ maxAttempts: 5 }), request);
  } catch (error) {
    reason = `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`.slice(0, 1000);
    // A delete is best effort: failing it would leave the stack stuck (ROLLBACK_FAILED) over a setting.
    status = event.RequestType === 'Delete' ? 'SUCCESS' : 'FAILED';
  }
  console.log(JSON.stringify({ requestType: event.RequestType, physicalResourceId, status, reason }));
  await respond(event.ResponseURL, {
    Status: status,
    Reason: reason,
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: {},
  });
}

const RESPONSE_TIMEOUT_MS = 10_000;

/** PUTs the response to CloudFormation's pre-signed URL (plain HTTP only in tests). */
function respond(responseUrl: string, body: Record<string, unknown>): Promise<void> {
  const payload = JSON.stringify(body);
  const url = new URL(responseUrl);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method: 'PUT',
      // The pre-signed URL is signed for an empty content type.
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(payload) },
      timeout: RESPONSE_TIMEOUT_MS,
    }, response => {
      response.resume();
      response.on('end', () => resolve());
      response.on('error', reject);
    });
    // A stalled connection must not hold the function until its own timeout.
    request.on('timeout', () => request.destroy(new Error(`no answer from the response URL within ${RESPONSE_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

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

/** Brings the stage to the requested state; returns what it did, for the log and the response. */
export async function applyStageSettings(client: APIGatewayClient, request: StageSettingsRequest): Promise<string> {
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
  const operations: PatchOperation[] = [...request.requestType === 'Delete' ? settings.revert : settings.apply];
  if ((request.requestType === 'Delete' || settings.removeCanary) && stage.canarySettings) {
    operations.push({ op: 'remove', path: '/canarySettings' });
  }
  if (operations.length === 0) {
    return 'nothing to change';
  }
  try {
    await client.send(new UpdateStageCommand({ restApiId, stageName, patchOperations: operations }));
  } catch (error) {
    if (request.requestType === 'Delete' && isNotFound(error)) {
      return `stage ${stageName} of ${restApiId} is already gone`;
    }
    throw error;
  }
  return `applied ${operations.map(operation => `${operation.op} ${operation.path}`).join(', ')}`;
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
    reason = await applyStageSettings(new APIGatewayClient({}), request);
  } catch (error) {
    status = 'FAILED';
    reason = `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`.slice(0, 1000);
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
    }, response => {
      response.resume();
      response.on('end', () => resolve());
    });
    request.on('error', reject);
    request.end(payload);
  });
}

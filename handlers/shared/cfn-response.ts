/**
 * CloudFormation's custom resource response protocol: one PUT of the response
 * to the pre-signed URL of the request (plain HTTP only in tests).
 */
import * as http from 'http';
import * as https from 'https';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

const RESPONSE_TIMEOUT_MS = 10_000;
/** The waits between attempts to answer CloudFormation. */
const RESPONSE_RETRY_DELAYS_MS = [500, 1000];

/** How a handler ended an event. */
export interface CustomResourceOutcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
  readonly physicalResourceId: string;
  readonly data?: Record<string, unknown>;
}

/** Logs the outcome and answers CloudFormation for the event (see `respond`). */
async function answer(event: CloudFormationCustomResourceEvent, outcome: CustomResourceOutcome): Promise<void> {
  const { status, reason, physicalResourceId } = outcome;
  console.log(JSON.stringify({ requestType: event.RequestType, physicalResourceId, status, reason }));
  await respond(event.ResponseURL, {
    Status: outcome.status,
    Reason: outcome.reason,
    PhysicalResourceId: outcome.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: outcome.data ?? {},
  });
}

/**
 * PUTs the response, retrying what fails (no connection, a 5xx); an answer that
 * is still not 2xx is thrown, so that Lambda retries the whole event (which the
 * handlers keep idempotent) and the failure shows in the function's errors.
 */
async function respond(responseUrl: string, body: Record<string, unknown>): Promise<void> {
  const payload = JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    let failure: string;
    try {
      const statusCode = await put(responseUrl, payload);
      if (statusCode >= 200 && statusCode < 300) {
        return;
      }
      failure = `the response URL answered HTTP ${statusCode}`;
      if (statusCode < 500) {
        // A refused signature or an expired URL does not get better.
        attempt = RESPONSE_RETRY_DELAYS_MS.length;
      }
    } catch (error) {
      failure = `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
    }
    console.error(JSON.stringify({ message: 'CloudFormation did not take the response', attempt: attempt + 1, failure }));
    if (attempt >= RESPONSE_RETRY_DELAYS_MS.length) {
      throw new Error(`CloudFormation did not take the ${body.Status} response for ${body.LogicalResourceId}: ${failure}`);
    }
    await new Promise(resolve => setTimeout(resolve, RESPONSE_RETRY_DELAYS_MS[attempt]));
  }
}

function put(responseUrl: string, payload: string): Promise<number> {
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
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    // A stalled connection must not hold the function until its own timeout.
    request.on('timeout', () => request.destroy(new Error(`no answer from the response URL within ${RESPONSE_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/** The budget when a handler runs without a Lambda context (the functions' own timeout is 2 minutes). */
const DEFAULT_REMAINING_MS = 120_000;
/** The time kept from the budget to answer CloudFormation (at most half of what remains). */
const RESPONSE_RESERVE_MS = 25_000;

/** What a handler's work for one event gives on success. */
export interface CustomResourceResult {
  /** What the response's Reason says. */
  readonly reason: string;
  /** @default the event's own (for a create, `failedCreateId`) */
  readonly physicalResourceId?: string;
  readonly data?: Record<string, unknown>;
}

/** How a handler runs one event. */
export interface CustomResourceRun {
  /** The physical id of a create that fails (it must name nothing the delete that follows could remove). */
  readonly failedCreateId: string;
  /** The timeout's message, e.g. "the body was not rendered". */
  readonly notDone: string;
  /** The work, which should stop when the signal aborts. */
  work(signal: AbortSignal): Promise<CustomResourceResult>;
}

/**
 * CloudFormation's custom resource protocol around a handler's work: the work gets the function's remaining time
 * less what answering needs; a failure answers FAILED with the error (a delete answers SUCCESS: failing it would
 * leave the stack stuck in ROLLBACK_FAILED), and a failed update or delete keeps the resource's id, since a new
 * one would make CloudFormation replace it.
 */
export async function runCustomResource(
  event: CloudFormationCustomResourceEvent, context: { getRemainingTimeInMillis?(): number } | undefined, run: CustomResourceRun,
): Promise<void> {
  const remaining = context?.getRemainingTimeInMillis?.() ?? DEFAULT_REMAINING_MS;
  const budget = remaining - Math.min(RESPONSE_RESERVE_MS, Math.floor(remaining / 2));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`${run.notDone} within ${budget} ms, the function's remaining time less what answering CloudFormation needs`)), budget);
  const ownId = event.RequestType === 'Create' ? run.failedCreateId : event.PhysicalResourceId;
  let outcome: CustomResourceOutcome;
  try {
    const result = await Promise.race([
      run.work(controller.signal),
      // Whatever the work does with its abort signal, the budget ends the wait.
      new Promise<never>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })),
    ]);
    outcome = { status: 'SUCCESS', reason: result.reason, physicalResourceId: result.physicalResourceId ?? ownId, data: result.data };
  } catch (error) {
    const { name, message } = error as { name?: string; message?: string };
    outcome = {
      status: event.RequestType === 'Delete' ? 'SUCCESS' : 'FAILED',
      reason: `${controller.signal.aborted ? 'Timeout' : name ?? 'Error'}: ${message ?? String(error)}`.slice(0, 1000),
      physicalResourceId: ownId,
    };
  } finally {
    clearTimeout(timer);
  }
  await answer(event, outcome);
}

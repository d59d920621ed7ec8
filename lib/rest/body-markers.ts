import { createHash } from 'crypto';
import { isIntrinsic } from '../core/intrinsics';

/**
 * A resolved body with its CloudFormation intrinsics taken out: what goes to
 * S3 as a static asset, and what CloudFormation must still resolve at deploy.
 */
export interface MarkedBody {
  /** The body with every intrinsic replaced by a marker string (JSON values only; no intrinsic is left). */
  readonly document: unknown;
  /** Marker → the intrinsic it stands for; one entry per distinct intrinsic, in first-seen order. */
  readonly values: Record<string, unknown>;
  /** What every marker of this body starts with; a marker is this prefix and a decimal index. */
  readonly markerPrefix: string;
}

/**
 * Replaces every intrinsic of `body` (a resolved body: plain JSON, intrinsics
 * as whole values) by a marker, one marker per distinct intrinsic.
 *
 * The markers carry a nonce derived from the body's own hash: a string of the
 * body cannot equal a marker of that same body (it would have to contain the
 * hash of a document that contains it), so the handler, which replaces only
 * string values exactly equal to a marker, never touches user text.
 *
 * @param json the body's JSON, when the caller has it already
 */
export function markIntrinsics(body: unknown, json = JSON.stringify(body)): MarkedBody {
  const nonce = createHash('sha256').update(json).digest('hex').slice(0, 20);
  const markerPrefix = `cdk-rest-api-body-${nonce}-`;
  const markers = new Map<string, string>();
  const values: Record<string, unknown> = {};
  const walk = (value: unknown): unknown => {
    if (isIntrinsic(value)) {
      const key = JSON.stringify(value);
      let marker = markers.get(key);
      if (marker === undefined) {
        marker = `${markerPrefix}${markers.size}`;
        markers.set(key, marker);
        values[marker] = value;
      }
      return marker;
    }
    if (Array.isArray(value)) {
      return value.map(walk);
    }
    if (typeof value === 'object' && value !== null) {
      // No prototype: a "__proto__" key of the body stays an ordinary key.
      const result: Record<string, unknown> = Object.create(null);
      for (const [key, child] of Object.entries(value)) {
        result[key] = walk(child);
      }
      return result;
    }
    return value;
  };
  return { document: walk(body), values, markerPrefix };
}

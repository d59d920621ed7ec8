import { createHash } from 'crypto';
import { Names } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Eight hex characters of a SHA-256: enough to tell apart the few things one API names. */
export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8).toUpperCase();
}

/**
 * A readable and stable name part for a construct: its id, letters and digits
 * only, plus a hash of its path (ids repeat across scopes, paths do not).
 */
export function constructNamePart(construct: IConstruct, ...extra: unknown[]): string {
  const readable = construct.node.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
  return `${readable}${shortHash([Names.uniqueId(construct), ...extra].join('|'))}`;
}

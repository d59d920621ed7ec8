import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from './errors';

/**
 * Range checks shared by the constructs. Values that are unresolved tokens are
 * skipped: they are only known at deploy time and cannot be judged at synth.
 */
export function checkRange(scope: IConstruct, what: string, value: number | undefined, min: number, max: number, fix?: string): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new GatewayValidationError(scope, `${what} must be between ${min} and ${max}, got ${value}.${fix ? ' ' + fix : ''}`);
  }
}

export function checkInteger(scope: IConstruct, what: string, value: number | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value)) {
    throw new GatewayValidationError(scope, `${what} must be a whole number, got ${value}.`);
  }
}

export function checkPattern(scope: IConstruct, what: string, value: string, pattern: RegExp, rule: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!pattern.test(value)) {
    throw new GatewayValidationError(scope, `${what} ${JSON.stringify(value)} is invalid: ${rule}.`);
  }
}

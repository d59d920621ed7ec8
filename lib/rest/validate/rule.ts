import type { IConstruct } from 'constructs';
import type { RestApiModel } from '../model/rest-api-model';

/**
 * What a rule is given: the model, and the few things about the app a plain
 * function cannot know. Tests pass plain values (an identity `resolve`, a
 * `warn` that collects).
 */
export interface RuleContext {
  readonly model: RestApiModel;
  /** The construct the rule's errors and warnings name: the API. */
  readonly scope: IConstruct;
  /** Where the deployed body is kept: in the template (`Body`) or in S3 (`BodyS3Location`). */
  readonly bodyLocation: 'template' | 's3';
  /** Adds a synth warning to the API. */
  warn(id: string, message: string): void;
  /** Resolves tokens into what the template will hold. */
  resolve(value: unknown): unknown;
  /** The rendered resource policy, if the API has one. */
  policy(): Record<string, unknown> | undefined;
  /** The bytes of the deployed body's JSON (what API Gateway is given). */
  deployedBodyBytes(): number;
}

/** One model-level check, cdk-nag style: throws `GatewayValidationError` under its code, or warns. */
export type RestApiRule = (context: RuleContext) => void;

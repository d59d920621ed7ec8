import { IConstruct } from 'constructs';

/**
 * The error every validation of this library throws.
 *
 * Its message names the construct (by path), the value that was rejected and
 * the valid range or the fix, so that a mistake fails `cdk synth` in seconds
 * instead of a CloudFormation deployment minutes later.
 */
export class GatewayValidationError extends Error {
  /** Path of the construct whose input was rejected. */
  public readonly constructPath: string;

  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path}: ${message}`);
    this.name = 'GatewayValidationError';
    this.constructPath = scope.node.path;
    // Keeps `instanceof` working when compiled to ES5-style classes by consumers' toolchains.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

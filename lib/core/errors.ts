import { IConstruct } from 'constructs';

/**
 * A brand that survives jsii's language bridges and duplicate copies of the
 * package in one `node_modules`, where `instanceof` does not.
 */
const VALIDATION_ERROR_BRAND = Symbol.for('cdk-apigateway-patterns.GatewayValidationError');

/** A stable code: PascalCase, naming the rule, e.g. `RouteDuplicate`. */
const CODE = /^[A-Z][A-Za-z0-9]{2,63}$/;

/**
 * The error every validation of this library throws.
 *
 * Its message names the construct (by path), the rule's code, the value that
 * was rejected and the valid range or the fix, so that a mistake fails
 * `cdk synth` in seconds instead of a CloudFormation deployment minutes later:
 * `App/Stack/Api: [RouteDuplicate] route GET /pets is added twice; ...`.
 *
 * Test for it with `GatewayErrors.isValidationError(error)`, which works in
 * every jsii language, and tell rules apart by `code` (`GatewayErrors.codeOf`),
 * which is stable across releases (the README lists the codes); messages may be
 * reworded. jsii cannot export a class that extends `Error`, so the class
 * itself is TypeScript-only (`cdk-apigateway-patterns/dist/errors`), as
 * aws-cdk-lib's own errors are.
 */
export class GatewayValidationError extends Error {
  /** Path of the construct whose input was rejected. */
  public readonly constructPath: string;

  /** The rule that was broken, e.g. `RouteDuplicate`; stable across releases. */
  public readonly code: string;

  /**
   * @param scope the construct whose input was rejected
   * @param code the rule that was broken, PascalCase (e.g. `RouteDuplicate`)
   * @param message what was rejected and how to fix it
   */
  constructor(scope: IConstruct, code: string, message: string) {
    super(`${scope.node.path}: [${code}] ${message}`);
    if (!CODE.test(code)) {
      // A programming error of the library itself: codes are literals.
      throw new Error(`cdk-apigateway-patterns: invalid error code ${JSON.stringify(code)}`);
    }
    this.name = 'GatewayValidationError';
    this.constructPath = scope.node.path;
    this.code = code;
    Object.defineProperty(this, VALIDATION_ERROR_BRAND, { value: true, enumerable: false });
    // Keeps `instanceof` working when compiled to ES5-style classes by consumers' toolchains.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * Where a static factory (which has no construct yet) reports its errors: the
 * error's construct path is then the factory's name, e.g. `MappingTemplate.maskFields`.
 * @internal
 */
export function factoryScope(factory: string): IConstruct {
  return { node: { path: factory } } as unknown as IConstruct;
}

/** Checks for the library's errors that work in every jsii language and across copies of the package. */
export class GatewayErrors {
  /** Whether `error` is a `GatewayValidationError` of this library (any copy of it). */
  public static isValidationError(error: any): boolean {
    return error !== null && typeof error === 'object' && (error as Record<symbol, unknown>)[VALIDATION_ERROR_BRAND] === true;
  }

  /**
   * The path of the construct whose input a `GatewayValidationError` rejected.
   * @returns the path, or undefined when `error` is not the library's validation error
   */
  public static constructPathOf(error: any): string | undefined {
    return GatewayErrors.isValidationError(error) ? (error as GatewayValidationError).constructPath : undefined;
  }

  /**
   * The rule code of a `GatewayValidationError`, e.g. `RouteDuplicate`.
   * @returns the code, or undefined when `error` is not the library's validation error
   */
  public static codeOf(error: any): string | undefined {
    return GatewayErrors.isValidationError(error) ? (error as GatewayValidationError).code : undefined;
  }

  private constructor() {}
}

import { Aspects, Lazy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { executeApiArn } from '../core/arns';
import { constructNamePart, shortHash } from '../core/private/names';

interface AliasGrant {
  readonly stages: Set<string>;
  readonly handler: lambda.IFunction;
  readonly alias: string;
  readonly permission: lambda.CfnPermission;
}

/**
 * The `AWS::Lambda::Permission`s that let one REST API invoke its functions:
 * one per function however many routes use it, and, for alias-routed
 * functions, one per alias that some stage selects, and none for others.
 * Each is scoped to this API (to a single stage when only one stage selects
 * the alias).
 */
export class LambdaInvokePermissions extends Construct {
  private readonly granted = new Set<string>();
  private readonly aliasGrants = new Map<string, AliasGrant>();

  constructor(scope: Construct, id: string, private readonly restApiId: string) {
    super(scope, id);
    // Aliases may be defined after the routes, so they are looked up once the whole app exists.
    Aspects.of(this).add({ visit: node => node === this && this.orderAfterAliases() });
  }

  /** Lets the API invoke `handler` itself (unqualified, or the alias/version it already is). */
  public grantFunction(handler: lambda.IFunction): void {
    this.grantOnce('Invoke', handler, '*');
  }

  /**
   * Lets the API call `handler` as a Lambda authorizer. API Gateway assigns
   * authorizer ids when it imports the body, so the permission covers this
   * API's authorizers (`<api-id>/authorizers/*`) and nothing else.
   */
  public grantAuthorizer(handler: lambda.IFunction): void {
    this.grantOnce('Authorize', handler, 'authorizers/*');
  }

  /** One permission per purpose and function, however many routes ask for it. */
  private grantOnce(purpose: string, handler: lambda.IFunction, resourceName: string): void {
    const key = `${purpose}|${handler.node.path}`;
    if (this.granted.has(key)) {
      return;
    }
    this.granted.add(key);
    this.create(`${purpose}${constructNamePart(handler)}`, handler.functionArn, executeApiArn(this, this.restApiId, resourceName));
  }

  /** Lets stage `stageName` invoke alias `alias` of `handler`. */
  public grantAlias(handler: lambda.IFunction, alias: string, stageName: string): void {
    const id = `Invoke${constructNamePart(handler)}Alias${alias.replace(/[^A-Za-z0-9]/g, '')}${alias.replace(/[A-Za-z0-9]/g, '').length > 0 ? shortHash(alias) : ''}`;
    let grant = this.aliasGrants.get(id);
    if (grant) {
      grant.stages.add(stageName);
      return;
    }
    const stages = new Set([stageName]);
    const permission = this.create(id, `${handler.functionArn}:${alias}`, Lazy.string({
      produce: () => executeApiArn(this, this.restApiId, stages.size === 1 ? `${[...stages][0]}/*` : '*'),
    }));
    this.aliasGrants.set(id, { stages, handler, alias, permission });
  }

  /**
   * A permission on `fn:alias` fails to deploy if the alias does not exist yet,
   * and nothing in the permission refers to the alias resource: so each
   * permission waits for the `lambda.Alias` of that name, where the app defines one.
   */
  private orderAfterAliases(): void {
    const aliasesByStack = new Map<Stack, lambda.Alias[]>();
    for (const grant of this.aliasGrants.values()) {
      const stack = Stack.of(grant.handler);
      let aliases = aliasesByStack.get(stack);
      if (!aliases) {
        aliases = stack.node.findAll().filter((construct): construct is lambda.Alias => construct instanceof lambda.Alias);
        aliasesByStack.set(stack, aliases);
      }
      for (const alias of aliases) {
        if (alias.aliasName === grant.alias && alias.version.lambda === grant.handler) {
          grant.permission.node.addDependency(alias);
        }
      }
    }
  }

  private create(id: string, functionName: string, sourceArn: string): lambda.CfnPermission {
    return new lambda.CfnPermission(this, id, {
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      functionName,
      sourceArn,
    });
  }
}

import { Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { HEALTH_HANDLER_CODE, PETS_HANDLER_CODE, petsHandler } from './pets-handler';
import { Endpoint, GatewayRestApi, Integration } from '../lib';

/**
 * The public pets API: a regional REST API with two stages that invoke two
 * aliases of the same function through the `lambdaAlias` stage variable.
 */
export class PetsStack extends Stack {
  public readonly api: GatewayRestApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const handler = petsHandler(this, 'PetsHandler', PETS_HANDLER_CODE);
    // Promotion is moving `live` to the version `dev` has been serving.
    const version = handler.currentVersion;
    new lambda.Alias(this, 'PetsDevAlias', { aliasName: 'dev', version });
    new lambda.Alias(this, 'PetsLiveAlias', { aliasName: 'live', version });

    this.api = new GatewayRestApi(this, 'PetsApi', {
      description: 'Pets showcase API',
      endpoint: Endpoint.regional(),
      stages: [
        { name: 'dev', lambdaAlias: 'dev', throttle: { rateLimit: 50, burstLimit: 20 } },
        {
          name: 'prod',
          lambdaAlias: 'live',
          throttle: { rateLimit: 1000, burstLimit: 500 },
          routeThrottles: { 'POST /pets': { rateLimit: 100, burstLimit: 50 } },
        },
      ],
    });

    const pets = Integration.lambdaAlias(handler);
    this.api.addRoute('GET /pets', pets, { operationId: 'listPets' });
    this.api.addRoute('POST /pets', pets, { operationId: 'createPet' });
    this.api.addRoute('GET /pets/{id}', pets, { operationId: 'getPet' });
    this.api.addRoute('DELETE /pets/{id}', pets, { operationId: 'deletePet', throttle: { rateLimit: 10, burstLimit: 5 } });

    const health = petsHandler(this, 'HealthHandler', HEALTH_HANDLER_CODE);
    this.api.addRoute('GET /health', Integration.lambda(health), { operationId: 'health' });
  }
}

import { App, Stack } from 'aws-cdk-lib';
import { InternalStack } from './internal-stack';
import { CloudWatchRole } from '../lib';
import { PetsStack } from './pets-stack';

/** Builds every stack of the sample app into `app`; the tests synthesize exactly what `cdk synth` does. */
export function buildSampleApp(app: App): Stack[] {
  // An explicit environment: the edge domain's certificate goes to a us-east-1 stack beside this one.
  const pets = new PetsStack(app, 'PetsApiStack', { env: SAMPLE_ENV, crossRegionReferences: true });
  // Environment-agnostic, so that its VPC needs no availability-zone look-up. The library cannot
  // tell that it shares the account with PetsApiStack, so it uses the logging role that stack
  // creates, and deploys after it.
  const internal = new InternalStack(app, 'InternalApiStack', { cloudWatchRole: CloudWatchRole.existing() });
  internal.addStackDependency(pets, 'API Gateway\'s account logging role is set by PetsApiStack');
  return [pets, internal];
}

/** Where the sample deploys: an example account in Ireland. */
export const SAMPLE_ENV = { account: '123456789012', region: 'eu-west-1' };

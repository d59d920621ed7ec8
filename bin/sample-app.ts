import { App, Stack } from 'aws-cdk-lib';
import { InternalStack } from './internal-stack';
import { PetsStack } from './pets-stack';

/** Builds every stack of the sample app into `app`; the tests synthesize exactly what `cdk synth` does. */
export function buildSampleApp(app: App): Stack[] {
  return [
    new PetsStack(app, 'PetsApiStack'),
    new InternalStack(app, 'InternalApiStack'),
  ];
}

#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildSampleApp } from './sample-app';

const app = new App();
buildSampleApp(app);
app.synth();

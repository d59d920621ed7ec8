import { bodyFitsTemplate } from '../../../lib/rest/validate/body-size';
import { newModel, ruleContext } from '../model-fixtures';

describe('bodyFitsTemplate', () => {
  test('in the template: TemplateTooLarge over 1,000,000 bytes, with the S3 storage as the fix; a warning past 80%', () => {
    // GIVEN
    const model = newModel();
    const near = ruleContext(model, { deployedBodyBytes: () => 900_000 });
    // WHEN
    bodyFitsTemplate(near);
    // THEN
    expect(near.warnings).toEqual([expect.stringMatching(/templateSize/)]);
    expect(() => bodyFitsTemplate(ruleContext(model, { deployedBodyBytes: () => 1_000_001 }))).toThrow(/\[TemplateTooLarge\].*bodyStorage: BodyStorage\.S3/);
    const small = ruleContext(model);
    bodyFitsTemplate(small);
    expect(small.warnings).toEqual([]);
  });

  test('in S3: only API Gateway\'s 6 MB import limit applies (BodyTooLarge), with a warning past 80%', () => {
    const model = newModel();
    const inS3 = (bytes: number) => ruleContext(model, { bodyLocation: 's3', deployedBodyBytes: () => bytes });
    const large = inS3(2_000_000);
    bodyFitsTemplate(large);
    expect(large.warnings).toEqual([]);
    const near = inS3(5_000_000);
    bodyFitsTemplate(near);
    expect(near.warnings).toEqual([expect.stringMatching(/bodySize.*6,000,000 bytes/)]);
    expect(() => bodyFitsTemplate(inS3(6_000_001))).toThrow(/\[BodyTooLarge\].*6,000,000 bytes/);
  });

});

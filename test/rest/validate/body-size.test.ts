import { bodyFitsTemplate } from '../../../lib/rest/validate/body-size';
import { newModel, ruleContext } from '../model-fixtures';

describe('bodyFitsTemplate', () => {
  test('TemplateTooLarge over 1,000,000 bytes; a warning past 80%', () => {
    // GIVEN
    const model = newModel();
    const body = (bytes: number) => () => ({ padding: 'x'.repeat(bytes) });
    const near = ruleContext(model, { resolvedBody: body(900_000) });
    // WHEN
    bodyFitsTemplate(near);
    // THEN
    expect(near.warnings).toEqual([expect.stringMatching(/templateSize/)]);
    expect(() => bodyFitsTemplate(ruleContext(model, { resolvedBody: body(1_000_000) }))).toThrow(/\[TemplateTooLarge\]/);
    const small = ruleContext(model);
    bodyFitsTemplate(small);
    expect(small.warnings).toEqual([]);
  });
});

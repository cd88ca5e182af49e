/**
 * The OpenAPI document is the public contract: any change to it shows in review as a change
 * to the committed snapshot (update it with `npx vitest run -u tests/api/openapi-snapshot.test.ts
 * --config tests/vitest.config.ts`).
 */
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app.ts';

describe('the OpenAPI document', () => {
  it('matches the committed snapshot', async () => {
    const t = await testApp();
    const doc = await (await t.get('/api/v1/openapi.json')).json();
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/openapi.json');
  });
});

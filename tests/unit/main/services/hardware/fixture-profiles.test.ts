import { describe, expect, it } from 'vitest';
import { hardwareProfileSchema } from '../../../../../app/api/schemas';
import { FIXTURE_PROFILES, profileFromFixture } from '../../../../helpers/fixture-profiles';
import { fixtureJson } from '../../../../helpers/fixtures';

describe('saved fixture profiles (tests/fixtures/profiles, used by the e2e and CLI tests)', () => {
  for (const name of Object.keys(FIXTURE_PROFILES)) {
    it(`${name}.json is exactly what the normalizer makes of the recorded probes (regenerate with: npx jiti scripts/make-fixture-profiles.ts)`, () => {
      const saved = fixtureJson<unknown>('profiles', `${name}.json`);
      expect(saved).toEqual(profileFromFixture(name));
      expect(hardwareProfileSchema.safeParse(saved).success).toBe(true);
    });
  }
});

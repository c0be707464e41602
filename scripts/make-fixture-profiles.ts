// Regenerates tests/fixtures/profiles/*.json from the recorded probe outputs in tests/fixtures/hardware/.
// A unit test checks that these files equal what the normalizer produces, so they cannot drift.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_PROFILES, profileFromFixture } from '../tests/helpers/fixture-profiles';

for (const name of Object.keys(FIXTURE_PROFILES)) {
  const file = join(__dirname, '..', 'tests', 'fixtures', 'profiles', `${name}.json`);
  writeFileSync(file, `${JSON.stringify(profileFromFixture(name), null, 2)}\n`);
  console.log(`wrote ${file}`);
}

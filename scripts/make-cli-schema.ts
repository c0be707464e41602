// Writes docs/schemas/estimate-request.schema.json from the zod schema the CLI validates requests with.
// A unit test checks the file is current.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateRequestJsonSchema } from '../app/api/batch-schema';

const dir = join(__dirname, '..', 'docs', 'schemas');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'estimate-request.schema.json'), `${JSON.stringify(estimateRequestJsonSchema(), null, 2)}\n`);
console.log('wrote docs/schemas/estimate-request.schema.json');

import { readFile } from 'node:fs/promises';
import { hardwareProfileSchema } from '../../app/api/schemas';
import { err, errorMessage, ok } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import type { HardwareProfile } from '../../app/domain/hardware';

/** Parses a saved profile (the output of `llm-sizer scan --json`). */
export function parseProfile(text: string, label: string): Result<HardwareProfile> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return err('BAD_REQUEST', `${label} is not valid JSON: ${errorMessage(e)}`);
  }
  const parsed = hardwareProfileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err('BAD_REQUEST', `${label} is not a hardware profile: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return ok(parsed.data);
}

export async function loadProfileFile(path: string): Promise<Result<HardwareProfile>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return err('READ_FAILED', `Cannot read ${path}: ${errorMessage(e)}`);
  }
  return parseProfile(text, path);
}

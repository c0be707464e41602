import { hardwareProfileSchema } from '../../app/api/schemas';
import { err, errorMessage, ok } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import type { HardwareProfile } from '../../app/domain/hardware';
import { readSmallTextFile } from './read-small-file';

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

/** A saved profile is a few KB (one with 16 GPUs under 100 KB): past this a file is not one, and is not read. */
export const MAX_PROFILE_BYTES = 4 * 1024 * 1024;

/** Reads a saved profile; a FIFO, a device or a file over MAX_PROFILE_BYTES is refused without blocking. */
export async function loadProfileFile(path: string): Promise<Result<HardwareProfile>> {
  const read = await readSmallTextFile(path, MAX_PROFILE_BYTES);
  if (read.kind !== 'text') return err('READ_FAILED', `Cannot read ${path}: ${read.kind === 'missing' ? 'no such file' : read.reason}`);
  return parseProfile(read.text, path);
}

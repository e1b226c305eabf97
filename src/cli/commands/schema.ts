import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../../config/config.js';
import { configReferenceMarkdown } from '../../config/config-docs.js';

/** Prints (or writes) the JSON Schema of config files, or with `markdown` the config reference. */
export function runSchema(out?: string, markdown = false): void {
  const text = markdown ? configReferenceMarkdown() : `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../../config/config.js';

export function runSchema(out?: string): void {
  const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

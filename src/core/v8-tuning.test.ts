import { describe, expect, it } from 'vitest';
import { collectGarbage, tuneV8, V8_FLAGS } from './v8-tuning.js';

describe('v8 tuning', () => {
  it('names the inlining budget flags it sets', () => {
    expect(V8_FLAGS).toEqual(['--max-inlined-bytecode-size=1000', '--max-inlined-bytecode-size-cumulative=4000']);
    expect(() => tuneV8()).not.toThrow();
  });

  it('collects garbage on request, again and again, without --expose-gc on the command line', () => {
    expect(() => {
      collectGarbage();
      collectGarbage();
    }).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { eventTargetOrigin, exactOrigin, parseEmbedOptions } from '../../src/lib/config/embed-options';

describe('parseEmbedOptions', () => {
  it('reads every option of a full embed link', () => {
    const options = parseEmbedOptions('?embed=1&preset=local-demo-pkce&lock=1&parent-origin=https://docs.example.com&tutorial=1&deliver-token=1');
    expect(options).toEqual({
      embed: true,
      tutorial: true,
      presetId: 'local-demo-pkce',
      lock: true,
      parentOrigin: 'https://docs.example.com',
      deliverToken: true,
      problems: [],
    });
  });

  it('is all off for a plain URL', () => {
    expect(parseEmbedOptions('')).toEqual({ embed: false, tutorial: false, presetId: null, lock: false, parentOrigin: null, deliverToken: false, problems: [] });
  });

  it.each(['*', 'null', '', 'https://docs.example.com/', 'https://docs.example.com/path', 'javascript:alert(1)', 'ftp://docs.example.com', 'https://user@docs.example.com', 'docs.example.com', 'HTTPS://Docs.Example.com'])(
    'refuses the parent origin %j: events off, with a note',
    (origin) => {
      const options = parseEmbedOptions(`?embed=1&parent-origin=${encodeURIComponent(origin)}`);
      expect(options.parentOrigin).toBeNull();
      expect(options.problems.join(' ')).toContain('Events are off');
      expect(eventTargetOrigin(options, true)).toBeNull();
    },
  );

  it('does not deliver the token without a valid parent origin', () => {
    const options = parseEmbedOptions('?embed=1&deliver-token=1&parent-origin=*');
    expect(options.deliverToken).toBe(false);
    expect(options.problems.join(' ')).toContain('the token stays here');
  });

  // Regression (issue 13, finding 13): an http:// parent origin received the token, readable on the way.
  it('finding 13: delivers the token only to an https parent origin, or http on loopback', () => {
    const plain = parseEmbedOptions(`?embed=1&deliver-token=1&parent-origin=${encodeURIComponent('http://docs.example.com')}`);
    expect(plain.deliverToken).toBe(false);
    expect(plain.parentOrigin).toBe('http://docs.example.com'); // step events (no secrets) still go there
    expect(plain.problems.join(' ')).toContain('only to an https page');
    for (const origin of ['https://docs.example.com', 'http://127.0.0.1:8080', 'http://localhost:5173', 'http://[::1]:3000']) {
      const options = parseEmbedOptions(`?embed=1&deliver-token=1&parent-origin=${encodeURIComponent(origin)}`);
      expect(options.deliverToken, origin).toBe(true);
      expect(options.problems, origin).toEqual([]);
    }
  });

  it('ignores a preset id that is not one', () => {
    const options = parseEmbedOptions('?embed=1&preset=../../etc');
    expect(options.presetId).toBeNull();
    expect(options.problems).toHaveLength(1);
  });
});

describe('exactOrigin', () => {
  it('accepts scheme, host and port only', () => {
    expect(exactOrigin('http://127.0.0.1:4173')).toBe('http://127.0.0.1:4173');
    expect(exactOrigin('https://docs.example.com')).toBe('https://docs.example.com');
    expect(exactOrigin('https://docs.example.com:443')).toBeNull(); // not the exact origin string
  });
});

describe('eventTargetOrigin', () => {
  const options = { embed: true, parentOrigin: 'https://docs.example.com' };
  it('posts to the named origin only when embedded in a frame', () => {
    expect(eventTargetOrigin(options, true)).toBe('https://docs.example.com');
    expect(eventTargetOrigin(options, false)).toBeNull();
    expect(eventTargetOrigin({ ...options, embed: false }, true)).toBeNull();
    expect(eventTargetOrigin({ ...options, parentOrigin: null }, true)).toBeNull();
  });
});

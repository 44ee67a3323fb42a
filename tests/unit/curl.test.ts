import { describe, expect, it } from 'vitest';
import { curlCommand } from '../../src/lib/http/curl';

describe('curlCommand', () => {
  it('writes method, URL, headers and body, each single-quoted', () => {
    expect(
      curlCommand({
        method: 'POST',
        url: 'https://auth.example.com/token',
        headers: [['authorization', 'Basic Y2M6Y2Mtc2VjcmV0'], ['content-type', 'application/x-www-form-urlencoded']],
        body: 'grant_type=client_credentials&scope=a+b',
      }),
    ).toBe(
      "curl -X POST 'https://auth.example.com/token' -H 'authorization: Basic Y2M6Y2Mtc2VjcmV0' -H 'content-type: application/x-www-form-urlencoded' --data-raw 'grant_type=client_credentials&scope=a+b'",
    );
  });

  it('leaves out -X for GET and escapes single quotes so the shell cannot be escaped from', () => {
    expect(curlCommand({ method: 'GET', url: "https://api.example.com/q?name=o'brien", headers: [['x-note', "it's; rm -rf /"]], body: null })).toBe(
      `curl 'https://api.example.com/q?name=o'\\''brien' -H 'x-note: it'\\''s; rm -rf /'`,
    );
  });
});

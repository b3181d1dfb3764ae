/**
 * The URL with its password (and user name, which for Redis ACLs is half the credential)
 * replaced by `***`, for printing: `redis://:s3cret@host:6379` → `redis://***@host:6379`.
 * A string that is not a URL is shown as `[unparseable URL]` rather than risk echoing a secret.
 */
export function maskUrlCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[unparseable URL]';
  }
  if (parsed.username === '' && parsed.password === '') {
    return url;
  }
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace('//', '//***@');
}

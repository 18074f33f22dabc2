/**
 * What a link in terminal output may open: only http and https, parsed as the browser will
 * parse it, so what the confirmation shows is what opens (a label or an OSC 8 text can say
 * anything; the target is what counts).
 */
export function safeLinkTarget(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

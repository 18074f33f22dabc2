// One definition for the CLI and the renderer: what counts as unsafe in server text is decided once.
export { sanitizeUntrusted } from '../../shared/base/untrusted-text';

let cached: boolean | undefined;

/**
 * Whether WebGL here is drawn by the CPU (SwiftShader, llvmpipe: VMs, remote desktops, machines
 * without a GPU driver). xterm's WebGL renderer is then several times slower than its DOM
 * renderer (measured here: 2.4 against 11.7 MiB/s of output drawn), so 'auto' uses the DOM one.
 */
export function isSoftwareWebgl(): boolean {
  if (cached !== undefined) return cached;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl === null) return (cached = true);
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    cached = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
  } catch {
    cached = true;
  }
  return cached;
}

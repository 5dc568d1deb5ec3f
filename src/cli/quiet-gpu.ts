/**
 * Keeps native libraries loaded by the `webgpu` package (Dawn) from printing to stderr what
 * is no note of this tool's. On a Linux machine with no desktop session, the Vulkan loader and
 * drivers probe for a Wayland display while Dawn enumerates adapters, and libwayland prints
 * "error: XDG_RUNTIME_DIR is invalid or not set in the environment." at each probe. It prints
 * that only when neither XDG_RUNTIME_DIR nor an absolute WAYLAND_DISPLAY says where to look;
 * naming a display socket that does not exist makes the probe fail quietly, as it fails anyway
 * without a session. A machine with a session (either variable set) is left alone.
 *
 * Dawn's own warnings about a Vulkan driver it cannot use (as Mesa's lavapipe on a machine with
 * no GPU: "Vulkan shaderUniform*ArrayDynamicIndexing required") are written by Dawn's logger
 * straight to the process's stderr, with no toggle or variable to turn them off (hiding the
 * driver from the Vulkan loader makes the loader print instead); they appear only on machines
 * that have such a driver installed.
 */

/** Where the Wayland probe is pointed: an absolute path that cannot exist. */
export const NO_WAYLAND_DISPLAY = '/nonexistent/scaling-sweep-has-no-wayland-display';

/**
 * Points Wayland probes at {@link NO_WAYLAND_DISPLAY} when the environment names neither a
 * runtime folder nor a display. Must run before the first `create()` of the webgpu package.
 */
export function quietNativeGpu(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.XDG_RUNTIME_DIR && !env.WAYLAND_DISPLAY) env.WAYLAND_DISPLAY = NO_WAYLAND_DISPLAY;
}

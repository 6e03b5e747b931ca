/** The built CLI entry (out/main/cli.js). */
export const CLI_BUNDLE: string
/** True when out/main/cli.js is missing or older than a file in src/main or src/shared. */
export function mainBundleIsStale(): boolean
/** Rebuilds with electron-vite when stale; returns the build's exit status (0 when nothing to do). */
export function buildMainIfStale(): number

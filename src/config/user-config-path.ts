import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user config file: `$XDG_CONFIG_HOME/automatosx/config.json` when XDG_CONFIG_HOME is set
 * (Linux desktops, containers that set it on purpose), else `~/.automatosx/config.json`, next to the
 * per-user agent profiles in `~/.automatosx/`.
 */
export function userConfigPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_CONFIG_HOME;
  return xdg ? join(xdg, 'automatosx', 'config.json') : join(home, '.automatosx', 'config.json');
}

import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidInputError } from '../../errors/index.js';
import { SandboxViolationError } from './tool-errors.js';

/**
 * The folder an agent's tools may touch. Every path goes through `resolve`, which refuses paths that
 * leave it lexically (`..`, absolute paths elsewhere) and paths that leave it through a symlink (the
 * real path of the deepest existing ancestor must still be inside the workspace's real path).
 */
export class Workspace {
  /** The workspace folder with symlinks resolved. */
  readonly root: string;

  constructor(root: string) {
    const absolute = resolve(root);
    if (!existsSync(absolute)) {
      throw new InvalidInputError(
        `workspace ${absolute} does not exist; create it or choose an existing folder`,
        {
          code: 'workspace-missing',
        },
      );
    }
    this.root = realpathSync(absolute);
  }

  /** True when `absolutePath` is the root or below it. */
  contains(absolutePath: string): boolean {
    const rel = relative(this.root, absolutePath);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  }

  /**
   * The absolute real path for a path given by the model, relative to the workspace (absolute paths are
   * accepted only inside it). Throws SandboxViolationError with what was asked and why it was refused.
   */
  resolve(path: string): string {
    if (path.includes('\0'))
      throw new SandboxViolationError(`path ${JSON.stringify(path)} contains a NUL byte`);
    const candidate = isAbsolute(path) ? resolve(path) : resolve(this.root, path);
    if (!this.contains(candidate)) {
      throw new SandboxViolationError(
        `path "${path}" is outside the workspace ${this.root}; use a path relative to the workspace`,
      );
    }
    const real = this.#realPath(candidate);
    if (!this.contains(real)) {
      throw new SandboxViolationError(
        `path "${path}" leads outside the workspace through a symbolic link (to ${real}); it was refused`,
      );
    }
    return real;
  }

  /** The path relative to the workspace, for messages and listings. */
  display(absolutePath: string): string {
    return relative(this.root, absolutePath) || '.';
  }

  /**
   * The real path of `candidate`: the deepest ancestor that exists is resolved through symlinks and the
   * rest appended. A dangling symlink is followed to where it points, so creating a file through it
   * cannot land outside either.
   */
  #realPath(candidate: string): string {
    let existing = candidate;
    const rest: string[] = [];
    for (;;) {
      let stat: ReturnType<typeof lstatSync> | undefined;
      try {
        stat = lstatSync(existing);
      } catch {
        stat = undefined;
      }
      if (stat) {
        if (stat.isSymbolicLink() && !existsSync(existing)) {
          throw new SandboxViolationError(
            `path "${this.display(candidate)}" goes through a dangling symbolic link; it was refused`,
          );
        }
        return join(realpathSync(existing), ...rest);
      }
      const parent = dirname(existing);
      if (parent === existing) return candidate;
      rest.unshift(existing.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      existing = parent;
    }
  }
}

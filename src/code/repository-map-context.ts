import type { CodeIndex } from './code-index.js';
import { defaultMapTokens } from './repository-map.js';

/**
 * The repository map an agent starts with: the workspace's most used files and signatures, centred on
 * what the task mentions (names, file names, paths), so the agent knows where to look before it reads
 * files one by one. Built from what is indexed now, without indexing: an empty index gives no map (the
 * `code-intelligence` tool indexes on its first use, and later runs get the map).
 */
export function repositoryMapContext(index: CodeIndex, task: string, tokens = defaultMapTokens): string {
  const map = index.map({ tokens, focus: [task] });
  if (map.files.length === 0) return '';
  return (
    `The ${map.files.length} files of the workspace (of ${map.totalFiles} indexed) that matter most here, ` +
    `ranked by which code uses which and by what the task mentions, with their key signatures ` +
    `(line│ signature):\n${map.text}`
  );
}

/** Which text files are code, by extension, and in which highlight.js language. */
export const LANGUAGE_OF_EXTENSION: Record<string, string> = {
  sh: 'bash', bash: 'bash', zsh: 'bash',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', hpp: 'cpp',
  css: 'css', scss: 'scss',
  diff: 'diff', patch: 'diff',
  go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', swift: 'swift', py: 'python', rb: 'ruby', sql: 'sql',
  ini: 'ini', conf: 'ini', cfg: 'ini', toml: 'ini',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', tsx: 'typescript',
  json: 'json', yaml: 'yaml', yml: 'yaml',
  html: 'xml', htm: 'xml', xml: 'xml', svg: 'xml',
};

/** Past this size, code is shown plain: colouring a megabyte would hold up a phone for seconds. */
export const HIGHLIGHT_LIMIT = 256 * 1024;

/** The extension of a name when it is code worth colouring, else undefined. */
export function codeExtension(name: string, size: number): string | undefined {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return Object.hasOwn(LANGUAGE_OF_EXTENSION, extension) && size <= HIGHLIGHT_LIMIT ? extension : undefined;
}

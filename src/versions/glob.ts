/**
 * Path globs for regenerable-file classes (versions.regenerable): `*` matches within one path
 * component, `**` any number of components, `?` one character; a glob without `/` matches the
 * last component anywhere in the tree (`*.o`), as .gitignore does.
 */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const res = globs.map((g) => {
    const anywhere = !g.includes('/');
    let re = '';
    for (let i = 0; i < g.length; i++) {
      const c = g[i]!;
      if (c === '*' && g[i + 1] === '*') {
        re += '.*';
        i++;
        if (g[i + 1] === '/') i++;
      } else if (c === '*') re += '[^/]*';
      else if (c === '?') re += '[^/]';
      else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(anywhere ? `(^|/)${re}$` : `^${re.replace(/^\//, '')}$`);
  });
  return (path) => res.some((r) => r.test(path));
}

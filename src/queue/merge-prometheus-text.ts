interface Family {
  readonly head: string[];
  readonly samples: string[];
}

/**
 * Several Prometheus texts of the same metric families (one per shard's queue) as one: each
 * family's HELP and TYPE once, followed by the samples of every text, since the exposition
 * format wants a family's samples together under a single header.
 */
export function mergePrometheusText(texts: readonly string[]): string {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    const found = families.get(name);
    if (found) {
      return found;
    }
    const created: Family = { head: [], samples: [] };
    families.set(name, created);
    return created;
  };
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (meta) {
        const head = family(meta[2] as string).head;
        if (!head.some((h) => h.startsWith(`# ${meta[1]} `))) {
          head.push(line);
        }
      } else if (line.trim() !== '' && !line.startsWith('#')) {
        family(/^[^{\s]+/.exec(line)?.[0] ?? '').samples.push(line);
      }
    }
  }
  return [...families.values()].flatMap((f) => [...f.head, ...f.samples]).join('\n');
}

// Rendering a `%s` template and reading the arguments back out of a rendered message.

const SLOT = '%s';

export function countSlots(template: string): number {
  return template.split(SLOT).length - 1;
}

export function renderTemplate(template: string, args: readonly string[]): string {
  const pieces = template.split(SLOT);
  if (pieces.length - 1 !== args.length) {
    throw new RangeError(`template ${JSON.stringify(template)} takes ${pieces.length - 1} argument(s), got ${args.length}`);
  }
  let out = pieces[0]!;
  for (let i = 0; i < args.length; i++) out += args[i]! + pieces[i + 1]!;
  return out;
}

const compiled = new Map<string, RegExp>();

function patternOf(template: string): RegExp {
  let re = compiled.get(template);
  if (!re) {
    const body = template
      .split(SLOT)
      .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('([\\s\\S]*?)');
    re = new RegExp(`^${body}$`);
    compiled.set(template, re);
  }
  return re;
}

/** The arguments that render `template` into `message`, or undefined when it cannot. */
export function extractArgs(template: string, message: string): string[] | undefined {
  const m = patternOf(template).exec(message);
  return m ? m.slice(1) : undefined;
}

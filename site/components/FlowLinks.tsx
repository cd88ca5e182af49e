/** The links of a flow diagram (Sankey or a gift's trail), each titled "from → to: value". */
interface Link {
  source: string;
  target: string;
  d: string;
  width: number;
}

interface Props {
  links: readonly Link[];
  label: Record<string, string>;
  /** "source>target" → the link's value as text. */
  value: Record<string, string>;
}

export function FlowLinks({ links, label, value }: Props) {
  return (
    <g>
      {links.map((l) => (
        <path key={`${l.source}>${l.target}`} className="sankey-link" d={l.d} strokeWidth={l.width}>
          <title>{`${label[l.source]} → ${label[l.target]}: ${value[`${l.source}>${l.target}`] ?? ''}`}</title>
        </path>
      ))}
    </g>
  );
}

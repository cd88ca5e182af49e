/** The hatching that marks "no need reported" on maps and heat maps, distinct from every colour of the scale. */
export function HatchPattern({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect className="hatch-bg" width="6" height="6" />
        <line className="hatch-line" x1="0" y1="0" x2="0" y2="6" />
      </pattern>
    </defs>
  );
}

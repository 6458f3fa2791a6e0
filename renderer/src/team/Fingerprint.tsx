// A fingerprint as people compare it aloud: ten groups of four, in two rows of five, each
// group its own box so the eye does not slip between them. Read as one string by screen readers.
export function Fingerprint({ value, label }: { value: string; label?: string }) {
  const groups = value.split(' ');
  return (
    <span className="fingerprint" role="img" aria-label={`${label ?? 'Fingerprint'} ${value}`} data-testid="fingerprint">
      {groups.map((g, i) => (
        <code key={i} aria-hidden="true">{g}</code>
      ))}
    </span>
  );
}

/** The Jumpgate mark: a gate with a path passing through it (drawn here, no image file needed). */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <rect x="1" y="1" width="22" height="22" rx="6" fill="var(--accent)" />
      <path d="M7 17V9a5 5 0 0 1 10 0v8" fill="none" stroke="var(--accent-text)" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M9.5 14.5 12 12l2.5 2.5" fill="none" stroke="var(--accent-text)" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

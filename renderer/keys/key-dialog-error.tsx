/** What went wrong in a keys dialog, above its fields, announced to screen readers. */
export function KeyDialogError({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="keys__error" role="alert">
      {message}
    </p>
  );
}

/** Why a preview shows nothing; the dialog's Download still works. */
export function PreviewProblem({ message }: { message: string }) {
  return <p class="preview-problem" role="alert">{message}</p>;
}

import { useRef } from 'preact/hooks';

/**
 * Publish and unpublish, as a form posted to the editor's page. Before it goes, `saveFirst`
 * saves what is in the editor and answers the revision saved (null when it could not be
 * saved: nothing is published then); the server publishes only that revision.
 */
export function PublishBar(props: {
  action: string;
  csrf: string;
  revision: number;
  published: boolean;
  saveFirst: () => Promise<number | null>;
}) {
  const sending = useRef(false);
  const revision = useRef<HTMLInputElement>(null);
  const submit = async (event: SubmitEvent) => {
    if (sending.current) return;
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const submitter = event.submitter as HTMLButtonElement | null;
    const saved = await props.saveFirst();
    if (saved === null) return;
    revision.current!.value = String(saved);
    sending.current = true;
    // Not from within this submit event: a form ignores requestSubmit while it is firing one.
    setTimeout(() => form.requestSubmit(submitter));
  };
  return (
    <form
      method="post"
      action={props.action}
      class="btn-row action-bar"
      onSubmit={(e) => void submit(e as unknown as SubmitEvent)}
    >
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="revision" value={String(props.revision)} ref={revision} />
      <button class="btn btn-primary" type="submit" name="_action" value="publish">
        {props.published ? 'Publish changes' : 'Publish'}
      </button>
      {props.published && (
        <button class="btn btn-danger" type="submit" name="_action" value="unpublish">
          Unpublish
        </button>
      )}
    </form>
  );
}

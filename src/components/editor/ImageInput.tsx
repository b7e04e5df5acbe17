import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { ACCEPTED_IMAGE_TYPES } from '../../domain/assets/image-formats';

export type LibraryImage = {
  url: string;
  name: string;
  width: number | null;
  height: number | null;
};

/** The workspace's uploaded images, and how to upload another, for every image field. */
export const ImageLibrary = createContext<{
  images: LibraryImage[];
  csrf: string;
  added: (image: LibraryImage) => void;
}>({ images: [], csrf: '', added: () => {} });

/**
 * An image field: its address, a thumbnail of it, a pick from the images already uploaded,
 * and an upload right here (kept in the workspace's Images, as on that page).
 */
export function ImageInput(props: {
  id: string;
  label: string;
  value: string;
  onInput: (url: string) => void;
  'aria-invalid'?: 'true' | undefined;
  'aria-describedby'?: string | undefined;
}) {
  const library = useContext(ImageLibrary);
  const [upload, setUpload] = useState<{ busy: boolean; error: string }>({
    busy: false,
    error: '',
  });

  const send = async (file: File) => {
    setUpload({ busy: true, error: '' });
    const body = new FormData();
    body.append('file', file);
    try {
      const res = await fetch('/api/admin/assets', {
        method: 'POST',
        headers: { 'x-csrf-token': library.csrf },
        body,
      });
      const json = (await res.json().catch(() => ({}))) as {
        asset?: { url: string; width: number; height: number };
        error?: { message?: string };
      };
      if (!res.ok || !json.asset)
        return setUpload({ busy: false, error: json.error?.message ?? 'The upload failed.' });
      library.added({ ...json.asset, name: file.name });
      props.onInput(json.asset.url);
      setUpload({ busy: false, error: '' });
    } catch {
      setUpload({ busy: false, error: 'Offline: the image was not uploaded.' });
    }
  };

  return (
    <>
      <div class="image-field">
        {props.value && (
          <img class="image-thumb" src={props.value} alt="" width={64} height={48} loading="lazy" />
        )}
        <input
          id={props.id}
          type="text"
          inputMode="url"
          value={props.value}
          placeholder="https://… or choose below"
          aria-invalid={props['aria-invalid']}
          aria-describedby={props['aria-describedby']}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      </div>
      <div class="image-pick">
        {library.images.length > 0 && (
          <select
            aria-label={`${props.label}: choose one of your images`}
            value=""
            onChange={(e) => {
              if (e.currentTarget.value) props.onInput(e.currentTarget.value);
            }}
          >
            <option value="">Choose from your images…</option>
            {library.images.map((image) => (
              <option value={image.url}>
                {image.name}
                {image.width && image.height ? ` (${image.width}×${image.height})` : ''}
              </option>
            ))}
          </select>
        )}
        <label class="btn btn-small upload-button">
          {upload.busy ? 'Uploading…' : 'Upload an image'}
          <input
            class="visually-hidden"
            type="file"
            accept={ACCEPTED_IMAGE_TYPES}
            disabled={upload.busy}
            aria-label={`${props.label}: upload an image`}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void send(file);
            }}
          />
        </label>
      </div>
      {upload.error && (
        <span class="field-error" role="alert">
          {upload.error}
        </span>
      )}
    </>
  );
}

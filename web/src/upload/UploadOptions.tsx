/** The upload choices beside the upload buttons: for now, whether photos lose their metadata. */
import { useState } from 'preact/hooks';
import { setStripMetadataWanted, stripMetadataWanted } from './upload-options';
import './upload.css';

export function UploadOptions() {
  const [strip, setStrip] = useState(stripMetadataWanted());
  const change = (event: Event) => {
    const wanted = (event.currentTarget as HTMLInputElement).checked;
    setStripMetadataWanted(wanted);
    setStrip(wanted);
  };
  return (
    <label class="upload-option" title="Location, camera and time leave JPEG and PNG photos before they are uploaded; the image itself is not changed">
      <input type="checkbox" checked={strip} onChange={change} /> Remove photo metadata
    </label>
  );
}

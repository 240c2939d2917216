/** The user's upload choices, kept in this browser. */

const STRIP_KEY = 'kith.upload.strip-metadata';

/** Whether photos lose their metadata (location, camera, time) before they go up. */
export function stripMetadataWanted(): boolean {
  return localStorage.getItem(STRIP_KEY) === 'yes';
}

export function setStripMetadataWanted(wanted: boolean): void {
  localStorage.setItem(STRIP_KEY, wanted ? 'yes' : 'no');
}

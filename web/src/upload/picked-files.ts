/**
 * Files chosen by the picker or dropped on the page, each with its path relative to the folder
 * it goes into: a dropped or picked folder keeps its inner structure.
 */

export interface PickedFile {
  file: File;
  relativePath: string;
}

/** From an <input type=file>, with or without `webkitdirectory`. */
export function filesFromInput(list: FileList): PickedFile[] {
  return [...list].map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}

/**
 * From a drop. The DataTransfer is only readable during the event, so everything is taken from it
 * before the first await; folders are then read through the entries API.
 */
export async function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const plain = [...data.files].map((file) => ({ file, relativePath: file.name }));
  const entries = [...data.items].filter((item) => item.kind === 'file').map((item) => item.webkitGetAsEntry());
  if (entries.length === 0 || entries.some((entry) => entry === null)) return plain;
  try {
    const out: PickedFile[] = [];
    for (const entry of entries) await collect(entry!, '', out);
    return out;
  } catch {
    // Entries of synthetic or unusual drops may not be readable: the plain file list still is.
    return plain;
  }
}

async function collect(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, relativePath: prefix + entry.name });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries hands out a directory in batches until it returns an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await collect(child, `${prefix}${entry.name}/`, out);
  }
}

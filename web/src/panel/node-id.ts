/** Node ids are long: lists show their first and last characters, the full id in a tooltip. */
export const shortNodeId = (id: string): string => (id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id);

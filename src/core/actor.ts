/** Who asks for an operation: a user, or the node's own administrator (the local CLI). */
export interface Actor {
  /** Undefined for the node-local administrator credential, which belongs to no user. */
  userId: number | undefined;
  name: string;
  admin: boolean;
}

export const LOCAL_ADMIN: Actor = { userId: undefined, name: 'local-admin', admin: true };

/** Who is making the request, established once per request or per socket. */
export interface Viewer {
  userId: string;
  sessionId: string;
  tokenExpiresAt: Date;
}

import { randomBytes } from 'node:crypto';

/** A signed-up user of the run; `session` is updated in place when its tokens are refreshed. */
export interface Member {
  id: string;
  username: string;
  session: { accessToken: string; refreshToken: string };
}

export interface ChaosRoom {
  id: string;
  owner: Member;
  members: Member[];
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs one operation; throws on a transport failure, returns GraphQL errors to the caller. */
export async function post<T>(
  url: string,
  query: string,
  variables: object,
  token?: string,
): Promise<GraphQLAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as GraphQLAnswer<T>;
}

/** Like post, for setup: any error fails the run. */
async function must<T>(url: string, query: string, variables: object, token?: string): Promise<T> {
  const answer = await post<T>(url, query, variables, token);
  if (answer.errors?.length || !answer.data) throw new Error(`setup failed: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }`;
const ASK = `mutation ($userId: ID!) { sendFriendRequest(userId: $userId) { id } }`;
const ACCEPT = `mutation ($requestId: ID!) { acceptFriendRequest(requestId: $requestId) { id } }`;
const CREATE_ROOM = `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`;

async function signUp(url: string, index: number): Promise<Member> {
  const username = `chaos_${randomBytes(3).toString('hex')}_${index}`;
  const input = { username, password: 'correct horse battery' };
  const { signUp } = await must<{ signUp: { accessToken: string; refreshToken: string; user: { id: string } } }>(
    url,
    SIGN_UP,
    { input },
  );
  return { id: signUp.user.id, username, session: signUp };
}

/** `rooms` group rooms of `membersPerRoom` (the owner included), each owner a friend of its members. */
export async function populate(url: string, rooms: number, membersPerRoom: number): Promise<ChaosRoom[]> {
  const result: ChaosRoom[] = [];
  for (let room = 0; room < rooms; room++) {
    const members = await Promise.all(
      Array.from({ length: membersPerRoom }, (_, index) => signUp(url, room * membersPerRoom + index)),
    );
    const [owner, ...others] = members as [Member, ...Member[]];
    await Promise.all(
      others.map(async (other) => {
        const { sendFriendRequest } = await must<{ sendFriendRequest: { id: string } }>(
          url,
          ASK,
          { userId: other.id },
          owner.session.accessToken,
        );
        await must(url, ACCEPT, { requestId: sendFriendRequest.id }, other.session.accessToken);
      }),
    );
    const input = { name: `chaos ${room}`, memberIds: others.map((other) => other.id) };
    const { createRoom } = await must<{ createRoom: { id: string } }>(
      url,
      CREATE_ROOM,
      { input },
      owner.session.accessToken,
    );
    result.push({ id: createRoom.id, owner, members });
  }
  return result;
}

/**
 * Baseline for W5: a bare `node:http` + `pg` handler for W5's one query, the page of a room's
 * history, in its own process (pinned to the server's core like the server). For each POST to
 * /graphql it reads the body, takes `variables.id` (a Room global id) and `variables.after` (a
 * message cursor or null), checks the bearer token, runs the server's two statements at once on a
 * pool of POOL_SIZE (the room's membership row, and the page: src/features/messages/history.repository.ts
 * listHistory, limit 51, senders joined) and answers the JSON the server answers for
 *
 *   room(id) { messages(first: 50, after) { edges { cursor node { id body createdAt sender { id displayName } } }
 *                                          pageInfo { hasNextPage endCursor } } }
 *
 * (bench/w5-history.ts checks the two answers are equal). No GraphQL: the query text is not read.
 * Like the server, a token's HS256 signature, issuer, audience, type and expiry are checked the
 * first time that token is seen and remembered by its text; the server also caches "is the session
 * live" for 10 s, which this handler does not ask at all. Statements are named (prepared once per
 * connection), as the server prepares its own.
 *
 * Env: PORT, DATABASE_URL, POOL_SIZE, JWT_SECRET.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';

const PAGE = 50;
const port = Number(process.env.PORT ?? '0');
const secret = Buffer.from(process.env.JWT_SECRET ?? '', 'utf8');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? '20') });
pool.on('error', () => {}); // an idle client's connection dropping must not end the process

const MEMBERSHIP =
  'select "rooms"."id", "rooms"."kind", "rooms"."name", "rooms"."topic", "rooms"."created_at", ' +
  '"rooms"."last_message_id", "rooms"."activity_seq" from "rooms" ' +
  'inner join "room_members" on "room_members"."room_id" = "rooms"."id" ' +
  'where "rooms"."id" in ($1) and "room_members"."user_id" = $2';
const MESSAGE_COLUMNS =
  'm.id, m.room_id, m.sender_id, m.seq, m.body, m.client_id, m.created_at, m.edited_at, m.deleted_at, ' +
  'm.reply_to_id, m.thread_root_id, m.reply_count, m.last_reply_at, m.pinned_at';
const pageSql = (after: boolean) =>
  `select page.*, "u"."username" as sender_username, "u"."display_name" as sender_display_name,
    "u"."created_at" as sender_created_at, "u"."deleted_at" as sender_deleted_at
  from unnest($1::bigint[]) as p(parent_id)
  cross join lateral (
    select p.parent_id, ${MESSAGE_COLUMNS}
    from messages m
    where m.room_id = p.parent_id and m.thread_root_id is null ${after ? 'and m.id > $3' : ''}
    order by m.id asc
    limit $2
  ) page
  join users u on u.id = page.sender_id
  order by page.id asc`;
const PAGE_FIRST = pageSql(false);
const PAGE_AFTER = pageSql(true);

interface PageRow {
  id: string;
  sender_id: string;
  body: string;
  created_at: Date;
  sender_display_name: string;
}

class Unauthenticated extends Error {}
class BadInput extends Error {}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url').toString('utf8');

/** Tokens verified, by their text: user id and expiry (ms). */
const verified = new Map<string, { userId: string; expiresAt: number }>();

function viewerOf(authorization: string | undefined): string {
  const token = /^Bearer +(\S{1,4096})$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new Unauthenticated('no bearer token');
  let claims = verified.get(token);
  if (!claims) {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) throw new Unauthenticated('malformed token');
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new Unauthenticated('bad signature');
    const head = JSON.parse(unb64(header)) as { alg?: string; typ?: string };
    const body = JSON.parse(unb64(payload)) as { sub?: string; iss?: string; aud?: string; exp?: number; sid?: string };
    if (head.alg !== 'HS256' || head.typ !== 'at+jwt' || body.iss !== 'chat-api' || body.aud !== 'chat-api') {
      throw new Unauthenticated('wrong token kind');
    }
    if (!body.sub || !/^\d+$/.test(body.sub) || typeof body.exp !== 'number') throw new Unauthenticated('bad claims');
    claims = { userId: body.sub, expiresAt: body.exp * 1000 };
    verified.set(token, claims);
  }
  if (claims.expiresAt <= Date.now()) throw new Unauthenticated('expired');
  return claims.userId;
}

function rowIdOf(encoded: unknown, prefix: string): string {
  const decoded = typeof encoded === 'string' ? unb64(encoded) : '';
  const id = decoded.startsWith(prefix) ? decoded.slice(prefix.length) : '';
  if (!/^(0|[1-9]\d{0,17})$/.test(id)) throw new BadInput(`not a ${prefix} value`);
  return id;
}

async function page(variables: { id?: unknown; after?: unknown }, viewerId: string): Promise<unknown> {
  const roomId = rowIdOf(variables.id, 'Room:');
  const after = variables.after == null ? null : rowIdOf(variables.after, 'msg:');
  const [membership, rows] = await Promise.all([
    pool.query({ name: 'w5-membership', text: MEMBERSHIP, values: [roomId, viewerId] }),
    after === null
      ? pool.query<PageRow>({ name: 'w5-page-first', text: PAGE_FIRST, values: [[roomId], PAGE + 1] })
      : pool.query<PageRow>({ name: 'w5-page-after', text: PAGE_AFTER, values: [[roomId], PAGE + 1, after] }),
  ]);
  if (membership.rowCount === 0) return { data: { room: null } };
  const items = rows.rows.slice(0, PAGE);
  const edges = items.map((row) => ({
    cursor: b64(`msg:${row.id}`),
    node: {
      id: b64(`Message:${row.id}`),
      body: row.body,
      createdAt: row.created_at.toISOString(),
      sender: { id: b64(`User:${row.sender_id}`), displayName: row.sender_display_name },
    },
  }));
  return {
    data: {
      room: {
        messages: {
          edges,
          pageInfo: { hasNextPage: rows.rows.length > PAGE, endCursor: edges.at(-1)?.cursor ?? null },
        },
      },
    },
  };
}

const answer = (res: ServerResponse, status: number, body: unknown) => {
  const bytes = Buffer.from(JSON.stringify(body));
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length })
    .end(bytes);
};

const http = createServer((req, res) => {
  if (req.url === '/ready' || req.url === '/health') {
    answer(res, 200, { status: 'ready' });
    return;
  }
  if (req.method !== 'POST' || req.url !== '/graphql') {
    req.resume();
    answer(res, 404, { errors: [{ message: 'not found' }] });
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      try {
        const viewerId = viewerOf(req.headers.authorization);
        const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables?: Record<string, unknown> };
        answer(res, 200, await page(request.variables ?? {}, viewerId));
      } catch (err) {
        const code =
          err instanceof Unauthenticated ? 'UNAUTHENTICATED' : err instanceof BadInput ? 'BAD_USER_INPUT' : 'INTERNAL';
        answer(res, code === 'INTERNAL' ? 500 : 200, {
          errors: [{ message: err instanceof Error ? err.message : String(err), extensions: { code } }],
        });
      }
    })();
  });
});

http.listen(port, '127.0.0.1');

const stop = () => {
  http.close();
  void pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

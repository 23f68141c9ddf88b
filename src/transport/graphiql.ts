import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GraphiQLOptions } from 'graphql-yoga';
import { GRAPHIQL_START_SCRIPT } from './graphiql-fetcher.js';

const FIRST_CHAT = `# A first chat. ▶ runs the operation under the cursor.
#
# 1. Run SignUp (change the username if it is taken).
#    Copy its accessToken into the Headers tab below:
#    { "Authorization": "Bearer <accessToken>" }
# 2. Run CreateRoom. Put the room's id into Variables:
#    { "roomId": "<id>" }
# 3. In the MessageAdded tab, with the same headers and
#    variables, run the subscription: it listens over
#    the WebSocket at /graphql, signed in by the token.
# 4. Back here, run SendMessage: the message appears
#    in the MessageAdded tab.

mutation SignUp {
  signUp(input: { username: "alice", password: "a long passphrase" }) {
    accessToken
    user { id username }
  }
}

mutation CreateRoom {
  createRoom(input: { name: "First chat", memberIds: [] }) { id name }
}

mutation SendMessage($roomId: ID!) {
  sendMessage(input: { roomId: $roomId, body: "Hello!" }) { id body createdAt }
}
`;

const LIVE_MESSAGES = `# New messages of a room, live over the WebSocket.
# Headers: { "Authorization": "Bearer <accessToken>" }
# Variables: { "roomId": "<id>" }

subscription MessageAdded($roomId: ID!) {
  messageAdded(roomId: $roomId) { body createdAt sender { username } }
}
`;

/** GraphiQL's settings: the first-chat tabs; the Headers tab open, since the token goes there. */
export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Chat API',
  defaultTabs: [{ query: FIRST_CHAT }, { query: LIVE_MESSAGES }],
  defaultEditorToolsVisibility: 'headers',
};

/**
 * Renders GraphiQL from our own packages (@graphql-yoga/render-graphiql's bundle, graphql-ws's
 * browser build): the page loads nothing from elsewhere, so it works offline and behind a strict
 * firewall. Built once per server, on the first request (the bundle is some 9 MB).
 */
export function createGraphiQLRenderer(endpoint: string): (options: GraphiQLOptions) => Promise<string> {
  let page: Promise<string> | undefined;
  return (options) => (page ??= renderPage(endpoint, options));
}

async function renderPage(endpoint: string, options: GraphiQLOptions): Promise<string> {
  const graphiql = await import('@graphql-yoga/render-graphiql/graphiql');
  const socketClient = await readFile(graphqlWsBrowserBuild(), 'utf8');
  const worker = (source: string) =>
    `URL.createObjectURL(new Blob([${scriptJson(source)}], { type: 'application/javascript' }))`;
  const start = GRAPHIQL_START_SCRIPT.replace('__ENDPOINT__', () => scriptJson(endpoint)).replace('__OPTIONS__', () =>
    scriptJson(options),
  );
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${graphiql.favicon}" />
    <style>${graphiql.css}</style>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>${socketClient}</script>
    <script>
      var workers = {
        editorWorkerService: ${worker(graphiql.editorWorkerService)},
        json: ${worker(graphiql.jsonWorker)},
        graphql: ${worker(graphiql.graphqlWorker)},
      };
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (_id, label) { return workers[label]; } };
      ${graphiql.js};
      ${start}
    </script>
  </body>
</html>`;
}

/** graphql-ws's UMD build (global `graphqlWs`), next to the package's entry point. */
function graphqlWsBrowserBuild(): string {
  const entry = createRequire(import.meta.url).resolve('graphql-ws');
  return path.join(path.dirname(entry), '..', 'umd', 'graphql-ws.min.js');
}

/** JSON that is safe inside a <script> element (no `</script>` or `<!--` can end or change it). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The browser script that starts GraphiQL on our page (plain ES2017, run as is by the browser;
 * `__ENDPOINT__` and `__OPTIONS__` are replaced by JSON). Yoga's own start-up cannot do two things we need:
 *
 * - Subscriptions over the WebSocket at the same path, with the Headers tab's `Authorization` as
 *   graphql-ws `connectionParams` (yoga's fetcher sends subscriptions over SSE, or takes fixed
 *   connectionParams). Queries and mutations stay on HTTP: signUp and logIn need no token, and a
 *   socket is refused without one.
 * - No operation in the URL: yoga mirrors the query into `?query=` on every keystroke, so a
 *   signUp's password would stay in the history, bookmarks and the referrer.
 */
export const GRAPHIQL_START_SCRIPT = `
(function () {
  var options = __OPTIONS__;
  var endpoint = new URL(__ENDPOINT__, location.href);
  var socketUrl = new URL(endpoint.href);
  socketUrl.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  // One lazy client per token: it connects with the first subscription and closes after the last.
  var sockets = new Map();

  function headerValue(headers, name) {
    for (var key in headers || {}) if (key.toLowerCase() === name) return headers[key];
    return undefined;
  }

  function socketFor(authorization) {
    var key = authorization || '';
    if (!sockets.has(key)) {
      sockets.set(key, graphqlWs.createClient({
        url: socketUrl.href,
        connectionParams: authorization ? { authorization: authorization } : {},
        retryAttempts: 0,
      }));
    }
    return sockets.get(key);
  }

  function isSubscription(params, documentAST) {
    var operations = ((documentAST && documentAST.definitions) || []).filter(function (definition) {
      return definition.kind === 'OperationDefinition';
    });
    var operation = params.operationName
      ? operations.find(function (each) { return each.name && each.name.value === params.operationName; })
      : operations.length === 1 ? operations[0] : undefined;
    return Boolean(operation) && operation.operation === 'subscription';
  }

  // A socket closed by the server (4403: no valid token) reads as an error in the response pane.
  function socketError(error) {
    if (Array.isArray(error)) return { errors: error };
    if (error && typeof error.code === 'number') {
      return { errors: [{ message: 'Socket closed: ' + error.code + ' ' + (error.reason || '') }] };
    }
    return { errors: [{ message: String((error && error.message) || error) }] };
  }

  function overSocket(params, authorization) {
    return {
      subscribe: function (sink) {
        var dispose = socketFor(authorization).subscribe(params, {
          next: function (value) { sink.next(value); },
          error: function (error) { sink.next(socketError(error)); sink.complete(); },
          complete: function () { sink.complete(); },
        });
        return { unsubscribe: dispose };
      },
    };
  }

  function overHttp(params, headers) {
    return fetch(endpoint.href, {
      method: 'POST',
      credentials: 'same-origin',
      headers: Object.assign(
        { accept: 'application/graphql-response+json, application/json', 'content-type': 'application/json' },
        headers,
      ),
      body: JSON.stringify(params),
    }).then(function (response) { return response.json(); });
  }

  function fetcher(params, fetcherOptions) {
    var headers = (fetcherOptions && fetcherOptions.headers) || {};
    if (isSubscription(params, fetcherOptions && fetcherOptions.documentAST)) {
      return overSocket(params, headerValue(headers, 'authorization'));
    }
    return overHttp(params, headers);
  }

  YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), Object.assign({}, options, {
    fetcher: fetcher,
    onEditQuery: function () {},
  }));
})();
`;

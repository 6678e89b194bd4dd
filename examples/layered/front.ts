// The HTTP front: one listener process owns a Node `http` server on loopback, and every request
// is handled in a process of its own (Erlang's connection-per-process). A request process that
// crashes gives its resources back through its link to the allocator; the listener, which
// monitors it, answers 500 for it. The request handlers hold no error handling.

import http from "node:http";
import { exit, monitor, receive, sleep, spawn, trapExit, wait, self, send, type Pid, type Proc, type Ref } from "../../runtime/index.js";
import * as allocator from "./allocator.js";

type Msg =
  | ["request", http.IncomingMessage, http.ServerResponse]
  | ["DOWN", Ref, "process", Pid, unknown]
  | ["EXIT", Pid, unknown];

/** Listens on 127.0.0.1:port until its supervisor shuts it down. */
export function* listener(port: number, onListening: (port: number) => void): Proc {
  trapExit(true); // the supervisor's shutdown arrives as a message: close the socket, then go
  const me = self();
  const srv = http.createServer((req, res) => send(me, ["request", req, res]));
  yield* wait(new Promise<void>((resolve) => srv.listen(port, "127.0.0.1", resolve)));
  onListening((srv.address() as { port: number }).port);
  return serve(srv, new Map());
}

function* serve(srv: http.Server, open: Map<Ref, http.ServerResponse>): Proc {
  switch (receive<Msg>()) {
    case ["request", Req, Res]: {
      open.set(monitor(spawn(handle, Req, Res)), Res);
      return serve(srv, open);
    }
    case ["DOWN", Mon, "process", _Pid, Reason]: {
      const res = open.get(Mon);
      open.delete(Mon);
      if (res !== undefined && !res.headersSent) reply(res, 500, { error: String(Reason) });
      return serve(srv, open);
    }
    case ["EXIT", _From, Reason]: {
      srv.closeAllConnections();
      yield* wait(new Promise((resolve) => srv.close(resolve)));
      exit(Reason);
    }
  }
}

/** One request, one process: GET /alloc?hold=ms, GET /crash, GET /state. */
function* handle(req: http.IncomingMessage, res: http.ServerResponse): Proc {
  const url = new URL(req.url ?? "/", "http://localhost");
  switch (url.pathname) {
    case "/alloc": {
      const got = yield* allocator.alloc();
      if (got === "no") return reply(res, 503, { error: "no resource free" });
      yield* sleep(Number(url.searchParams.get("hold") ?? 0));
      allocator.release(got[1]);
      return reply(res, 200, { resource: got[1], process: String(self()) });
    }
    case "/crash": {
      // Takes a resource and crashes holding it: the allocator gets it back, the listener says 500.
      yield* allocator.alloc();
      throw new Error("request handler crashed holding a resource");
    }
    case "/state":
      return reply(res, 200, yield* allocator.state());
    default:
      return reply(res, 404, { error: `no route ${url.pathname}` });
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body) + "\n");
}

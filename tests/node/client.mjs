// A JavaScript client of our own, doing what the browser library (cti.js) does, against a
// xuc server such as `cti serve`: the REST login with fetch, the CTI WebSocket with the
// `ws` package, `LoggedOn`, a contact search encoded as cti.js encodes it, and cti.js's
// heartbeat (CLIENTS.md §1). Exits 0 once a `ContactSheet` with the expected name comes
// (within 15 s), 1 on anything else (a refused login, a close, an error, a sheet without
// the name, the timeout), 2 on bad arguments. Only 127.0.0.1.
//
//   node tests/node/client.mjs [--hold=SECONDS] [--ring=CALLER] http://127.0.0.1:PORT [TERM] [EXPECTED_NAME]
//
// TERM defaults to "bond" and EXPECTED_NAME to "James Bond" (the demo scenario's contact).
// With --ring=CALLER (a server started with `cti serve --control`), the client then asks the
// server's control API to ring its user (`POST /_cti/ring {"login","caller"}`), expects the
// `PhoneEvent` `EventRinging` from CALLER, answers it as cti.js does (`answer`) and expects
// `EventEstablished` for the same call. With --hold, the client stays connected that long
// after the sheet (and the call), pinging, and fails if the socket closes or a ping goes
// unanswered by any frame.
// `ws` is resolved from NODE_PATH (the CI step installs it under target/) or the usual
// node_modules lookup.

import { createRequire } from "node:module";
import path from "node:path";

// An ES module ignores NODE_PATH; a require() from the working directory honours it.
const require = createRequire(path.join(process.cwd(), "noop.js"));
const WebSocket = require("ws");

const OVERALL_TIMEOUT_MS = 15_000;
// cti.js: a ping every 5000 ms; any inbound frame resets the missed count; the tick that
// finds 3 missed closes the socket.
const HEARTBEAT_MS = 5_000;
const MAX_MISSED = 3;
const LOGIN_PATH = "/xuc/api/2.0/auth/login";
const RING_PATH = "/_cti/ring";
const CTI_PATH = "/xuc/api/2.0/cti";

const args = process.argv.slice(2);
const holdArg = args.find((arg) => arg.startsWith("--hold="));
const holdMs = holdArg ? Number(holdArg.slice("--hold=".length)) * 1000 : 0;
const ringArg = args.find((arg) => arg.startsWith("--ring="));
const caller = ringArg ? ringArg.slice("--ring=".length) : null;
const [base, term = "bond", expected = "James Bond"] = args.filter(
  (arg) => arg !== holdArg && arg !== ringArg,
);
if (!base || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base) || !(holdMs >= 0) || caller === "") {
  console.error(
    "usage: node client.mjs [--hold=SECONDS] [--ring=CALLER] http://127.0.0.1:PORT [TERM] [EXPECTED_NAME]",
  );
  process.exit(2);
}

let socket = null;
let heartbeat = null;

function finish(code, message) {
  (code === 0 ? console.log : console.error)(`node client: ${message}`);
  clearInterval(heartbeat);
  if (socket) {
    socket.removeAllListeners();
    socket.on("error", () => {});
    socket.terminate();
  }
  process.exit(code);
}

// Leaving without a verdict (the event loop running dry) is a failure too.
process.exitCode = 1;
let found = false;
const deadline = setTimeout(
  () =>
    finish(
      1,
      caller === null || !found
        ? `no ContactSheet with "${expected}" within ${OVERALL_TIMEOUT_MS} ms`
        : `the call from ${caller} was not rung and answered within ${OVERALL_TIMEOUT_MS} ms`,
    ),
  OVERALL_TIMEOUT_MS,
);

// cti.js: JSON.stringify of {claz, command, ...arguments}.
function send(message) {
  socket.send(JSON.stringify(message));
}

async function login() {
  const response = await fetch(base + LOGIN_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login: "alice", password: "alice" }),
    signal: AbortSignal.timeout(OVERALL_TIMEOUT_MS),
  });
  const body = await response.text();
  if (!response.ok) {
    finish(1, `login refused: HTTP ${response.status} ${body}`);
  }
  const credentials = JSON.parse(body);
  if (typeof credentials.token !== "string" || credentials.login !== "alice") {
    finish(1, `login answer without a token: ${body}`);
  }
  return credentials.token;
}

function connect(token) {
  const url = base.replace(/^http:/, "ws:") + CTI_PATH + "?token=" + encodeURIComponent(token);
  socket = new WebSocket(url);
  let missed = 0;
  let loggedOn = false;
  const received = [];
  // While holding: pings sent, and pings followed by a frame before the next tick.
  let pings = 0;
  let answered = 0;

  socket.on("open", () => {
    heartbeat = setInterval(() => {
      if (missed >= MAX_MISSED) {
        finish(1, `no frame from the server for ${MAX_MISSED} heartbeat ticks`);
      }
      missed += 1;
      pings += 1;
      send({ claz: "ping" });
    }, HEARTBEAT_MS);
  });

  socket.on("message", (data, isBinary) => {
    if (missed > 0) {
      answered += 1;
    }
    missed = 0;
    if (isBinary) {
      finish(1, "binary frame from the server");
    }
    let frame;
    try {
      frame = JSON.parse(data.toString("utf8"));
    } catch (e) {
      finish(1, `frame is not JSON: ${e.message}`);
    }
    received.push(frame.msgType);
    switch (frame.msgType) {
      case "LoggedOn":
        loggedOn = true;
        // cti.js's Cti.searchContacts(pattern).
        send({ claz: "web", command: "searchContacts", term });
        break;
      case "LoggedOnError":
        finish(1, `LoggedOnError: ${JSON.stringify(frame.ctiMessage)}`);
        break;
      case "ContactSheet": {
        if (!loggedOn) {
          finish(1, "ContactSheet before LoggedOn");
        }
        const sheets = frame.ctiMessage?.sheets;
        if (!Array.isArray(sheets)) {
          finish(1, `ContactSheet without sheets: ${JSON.stringify(frame.ctiMessage)}`);
        }
        const names = sheets.map((sheet) => sheet.name);
        if (!names.includes(expected)) {
          finish(1, `ContactSheet for "${term}" has no "${expected}": ${JSON.stringify(names)}`);
        }
        if (found) {
          break;
        }
        found = true;
        const seen = `ContactSheet for "${term}" has "${expected}" (frames: ${received.join(", ")})`;
        if (caller === null) {
          clearTimeout(deadline);
          hold(seen);
        } else {
          console.log(`node client: ${seen}`);
          ring();
        }
        break;
      }
      case "PhoneEvent": {
        if (caller === null || call === "established") {
          break;
        }
        const event = frame.ctiMessage ?? {};
        if (call === "ringing" && event.eventType === "EventRinging" && rung === null) {
          rung = event;
          answerIfRung();
        } else if (call === "answering" && event.eventType === "EventEstablished") {
          if (event.uniqueId !== ringing) {
            finish(1, `EventEstablished for another call: ${JSON.stringify(event)}`);
          }
          call = "established";
          clearTimeout(deadline);
          hold(`EventEstablished with ${caller} (uniqueId ${ringing})`);
        } else {
          finish(1, `unexpected PhoneEvent while ${call || "not rung"}: ${JSON.stringify(event)}`);
        }
        break;
      }
      default:
        break;
    }
  });

  // Without --hold, done; with it, stays connected holdMs, pinging.
  function hold(seen) {
    if (holdMs === 0) {
      finish(0, seen);
    }
    console.log(`node client: ${seen}; holding ${holdMs / 1000} s`);
    pings = 0;
    answered = 0;
    setTimeout(() => {
      if (pings === 0 || answered < pings - (missed > 0 ? 1 : 0)) {
        finish(1, `held ${holdMs / 1000} s: ${pings} pings sent, ${answered} answered`);
      }
      finish(0, `held ${holdMs / 1000} s: ${pings} pings sent, ${answered} answered, still open`);
    }, holdMs);
  }

  // The control API rings this user: one connection reached, the call's uniqueId kept.
  // The call: null, "ringing" (asked), "answering", "established"; the uniqueId the
  // control API answered, and the EventRinging received (either may come first).
  let call = null;
  let ringing = null;
  let rung = null;
  function answerIfRung() {
    if (ringing === null || rung === null) {
      return;
    }
    if (rung.otherDN !== caller || rung.uniqueId !== ringing) {
      finish(1, `EventRinging not from the call rung (${ringing}): ${JSON.stringify(rung)}`);
    }
    call = "answering";
    console.log(`node client: EventRinging from ${caller} (uniqueId ${ringing}); answering`);
    // cti.js's Cti.answer(uniqueId).
    send({ claz: "web", command: "answer", uniqueId: ringing });
  }
  async function ring() {
    call = "ringing";
    let response;
    let body;
    try {
      response = await fetch(base + RING_PATH, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ login: "alice", caller }),
        signal: AbortSignal.timeout(OVERALL_TIMEOUT_MS),
      });
      body = await response.text();
    } catch (e) {
      finish(1, `POST ${RING_PATH} failed: ${e.message}`);
    }
    if (response.status !== 200) {
      finish(1, `POST ${RING_PATH}: HTTP ${response.status} ${body} (is cti serve run with --control?)`);
    }
    const answer = JSON.parse(body);
    if (answer.sessions !== 1 || typeof answer.uniqueId !== "string") {
      finish(1, `POST ${RING_PATH} reached ${answer.sessions} connections, not this one: ${body}`);
    }
    ringing = answer.uniqueId;
    answerIfRung();
  }

  socket.on("close", (code, reason) => {
    finish(1, `socket closed (${code} ${reason}) after ${received.join(", ") || "no frame"}`);
  });
  socket.on("error", (e) => finish(1, `socket error: ${e.message}`));
}

try {
  connect(await login());
} catch (e) {
  finish(1, `login failed: ${e.message}`);
}

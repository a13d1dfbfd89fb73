"""A stand-in for an OpenAI-compatible chat server, on 127.0.0.1, with scripted replies.

It is a stand-in: no model runs here. It speaks the chat-completions wire format (JSON and
server-sent events) so the real langchain-openai client is exercised end to end."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ScriptedOpenAI:
    def __init__(self):
        self.replies: list[dict] = []  # {"content": str} | {"status": int, "message": str} | {"sleep": s, ...}
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append({"path": self.path, "body": body,
                                        "authorization": self.headers.get("Authorization", "")})
                reply = server.replies.pop(0) if server.replies else {"status": 500, "message": "no scripted reply"}
                if reply.get("sleep"):
                    time.sleep(reply["sleep"])
                if reply.get("status"):
                    payload = json.dumps({"error": {"message": reply.get("message", "error"), "type": "server_error"}})
                    self._send(reply["status"], payload.encode(), "application/json")
                    return
                content = reply["content"]
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for start in range(0, len(content), 8):
                        self._event({"choices": [{"index": 0, "delta": {"content": content[start:start + 8]},
                                                  "finish_reason": None}]})
                    self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = {"id": "chatcmpl-stand-in", "object": "chat.completion", "created": 0,
                           "model": body.get("model", "stand-in"),
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                        "finish_reason": "stop"}],
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                self._send(200, json.dumps(payload).encode(), "application/json")

            def _event(self, chunk):
                chunk = {"id": "chatcmpl-stand-in", "object": "chat.completion.chunk", "created": 0,
                         "model": "stand-in", **chunk}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()

            def _send(self, status, payload, content_type):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

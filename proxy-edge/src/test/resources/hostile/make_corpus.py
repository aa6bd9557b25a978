#!/usr/bin/env python3
"""Writes corpus.json next to this file: the hostile input cases HostileInputTest replays.

Run it again after editing; the JSON is what the test reads (no Python needed to run the tests).
Fields of a case:
  id, family (openai | anthropic | admin | api | framing | slow-clients), category, method, path (sent raw, byte for byte),
  auth (key | admin | none | bad), headers {name: value}, body (text) or body_base64 (raw bytes),
  body_repeat {prefix, unit, count, suffix} (generated bodies: deep nesting, huge bodies),
  header_repeat {name, count, value_length} (many or huge headers), chunked (send without a length),
  expect: list of acceptable statuses, or ["4xx"],
  shape: openai | anthropic | openai-or-none (Netty refuses some requests before the
  application sees them and writes no body).
Path placeholders: {key_id} is the id of the key the test issued; {alias} is its model alias.
"""
import base64
import json
import os

cases = []


def case(family, category, method, path, auth, body=None, expect=("4xx",), shape=None,
         headers=None, **extra):
    if shape is None:
        shape = "anthropic" if family == "anthropic" else "openai"
    c = {
        "id": f"{family}-{category}-{sum(1 for x in cases if x['family'] == family and x['category'] == category) + 1:03d}",
        "family": family,
        "category": category,
        "method": method,
        "path": path,
        "auth": auth,
        "headers": headers if headers is not None else (
            {"Content-Type": "application/json"} if body is not None or "body_base64" in extra
            or "body_repeat" in extra else {}),
        "expect": list(expect),
        "shape": shape,
    }
    if body is not None:
        c["body"] = body
    c.update(extra)
    cases.append(c)


CHAT = "/v1/chat/completions"
MSG = "/v1/messages"
OK_MSG = '[{"role":"user","content":"hi"}]'

# ---------------------------------------------------------------- invalid JSON
invalid_json = [
    '{"model":"{alias}","messages":' + OK_MSG,               # truncated
    '{"model":"{alias}"',
    '{',
    '{"model":"{alias}","messages":' + OK_MSG + '} trailing',
    '{"model":"{alias}","messages":' + OK_MSG + '}}',
    '{"model":"{alias}","messages":' + OK_MSG + ',"temperature":NaN}',
    '{"model":"{alias}","messages":' + OK_MSG + ',"temperature":Infinity}',
    '{"model":"{alias}",/* comment */"messages":' + OK_MSG + '}',
    '// comment\n{"model":"{alias}","messages":' + OK_MSG + '}',
    "{'model':'{alias}','messages':[]}",
    '{model:"{alias}"}',
    '{"model":"{alias}","messages":[{"role":"user","content":"hi"},]}',
    '{"model":"{alias}",,"messages":' + OK_MSG + '}',
    '{"model":"{alias}","model":"{alias}","messages":' + OK_MSG + '}',   # duplicate keys
    # a lone BOM before valid JSON is accepted (RFC 8259 section 8.1 lets parsers ignore it):
    # the BOM cases pair it with a defect of their own
    '\ufeff{"model":"{alias}","messages":' + OK_MSG,                     # BOM, truncated
    '\ufeff\ufeff{"model":"{alias}","messages":' + OK_MSG + '}',         # two BOMs
    '"just a string"',
    '[]',
    'null',
    '42',
    '',
    ' ',
    '{"model":"{alias}","messages":' + OK_MSG + '}\u0000',
    '{"model":"{alias}\u0001","messages":' + OK_MSG,
]
for fam, path in (("openai", CHAT), ("anthropic", MSG)):
    for b in invalid_json:
        if fam == "anthropic":
            b = b.replace('"messages":', '"max_tokens":5,"messages":')
        # duplicate keys and a BOM are refused where the parser is strict; either way no 5xx
        case(fam, "invalid-json", "POST", path, "key", b)
for path in ("/v1/completions", "/v1/embeddings"):
    for b in ('{"model":"{alias}","input":', '{"model":"{alias}"} x', '{"model":NaN}'):
        case("openai", "invalid-json", "POST", path, "key", b)
for path, method in (("/admin/keys", "POST"), ("/admin/teams", "POST"), ("/admin/models/hostile-x", "PUT"),
                     ("/admin/prices/hostile-x", "PUT"), ("/admin/keys/{key_id}", "PATCH"),
                     ("/admin/session", "POST")):
    for b in ('{"name":', '{"name":"x"} trailing', '{"name":"x",/*c*/"models":[]}', '\ufeff{"name":"x"',
              '{"limits":{"requests_per_minute":NaN}}', '[1,2]'):
        auth = "none" if path == "/admin/session" else "admin"
        case("admin", "invalid-json", method, path, auth, b)

# ---------------------------------------------------------------- wrong types
msg = lambda extra: '{"model":"{alias}","messages":' + OK_MSG + extra + '}'
for field, values in {
    "model": ['1', 'true', '[]', '{}', '""', '"   "', 'null'],
    "messages": ['"hi"', '{}', '[]', '[1]', '["hi"]', '[{"content":"hi"}]', '[{"role":1}]', 'null'],
    "stream": ['"true"', '1', '[]', '{}'],
    "stream_options": ['"yes"', '[]', '1', '{"include_usage":"yes"}', '{"include_usage":1}'],
    "n": ['"2"', '0', '-1', '1.5', '129', '1e3', '{}', '2147483648'],
}.items():
    for v in values:
        if field == "model":
            b = '{"model":' + v + ',"messages":' + OK_MSG + '}'
        elif field == "messages":
            b = '{"model":"{alias}","messages":' + v + '}'
        else:
            b = msg(',"' + field + '":' + v)
        case("openai", "wrong-type", "POST", CHAT, "key", b)
for v in ('1', '[]', '[[]]', '[{}]', '[1.5]', 'null', '{}'):
    case("openai", "wrong-type", "POST", "/v1/embeddings", "key", '{"model":"{alias}","input":' + v + '}')
    case("openai", "wrong-type", "POST", "/v1/completions", "key", '{"model":"{alias}","prompt":' + v + '}')
am = lambda extra: '{"model":"{alias}","max_tokens":5,"messages":' + OK_MSG + extra + '}'
for b in (
    '{"model":1,"max_tokens":5,"messages":' + OK_MSG + '}',
    '{"model":"","max_tokens":5,"messages":' + OK_MSG + '}',
    '{"max_tokens":5,"messages":' + OK_MSG + '}',
    '{"model":"{alias}","messages":' + OK_MSG + '}',
    '{"model":"{alias}","max_tokens":"5","messages":' + OK_MSG + '}',
    '{"model":"{alias}","max_tokens":0,"messages":' + OK_MSG + '}',
    '{"model":"{alias}","max_tokens":-5,"messages":' + OK_MSG + '}',
    '{"model":"{alias}","max_tokens":2.5,"messages":' + OK_MSG + '}',
    '{"model":"{alias}","max_tokens":null,"messages":' + OK_MSG + '}',
    '{"model":"{alias}","max_tokens":5,"messages":"hi"}',
    '{"model":"{alias}","max_tokens":5,"messages":[]}',
    '{"model":"{alias}","max_tokens":5,"messages":[{"role":"user"}]}',
    '{"model":"{alias}","max_tokens":5,"messages":[1]}',
    am(',"stream":"yes"'), am(',"stream":1'), am(',"temperature":"hot"'), am(',"top_p":[]'),
    am(',"stop_sequences":"x"'), am(',"stop_sequences":[1]'), am(',"system":1'),
):
    case("anthropic", "wrong-type", "POST", MSG, "key", b)

# admin: keys, teams, routes, prices
key_bad = [
    '{"name":1}', '{"name":""}', '{"name":"' + 'n' * 201 + '"}', '{"name":null}', '{"name":"k","models":"all"}',
    '{"name":"k","models":[1]}', '{"name":"k","expires_at":"yesterday"}', '{"name":"k","expires_at":12.5e400}',
    '{"name":"k","limits":"fast"}', '{"name":"k","limits":{"requests_per_minute":"10"}}',
    '{"name":"k","limits":{"requests_per_minute":0}}', '{"name":"k","limits":{"tokens_per_minute":-1}}',
    '{"name":"k","limits":{"requests_per_minute":1.5}}', '{"name":"k","team_id":"../team"}',
    '{"name":"k","team_id":5}', '{"name":"k","budget":{"limit_usd":"ten","period":"monthly"}}',
    '{"name":"k","budget":{"limit_usd":-1,"period":"monthly"}}', '{"name":"k","budget":{"limit_usd":10,"period":"fortnight"}}',
    '{"name":"k","budget":{"limit_usd":10,"period":"monthly","alert_at_percent":"50"}}',
    '{"name":"k","budget":{"limit_usd":10,"period":"monthly","alert_at_percent":500}}',
    '{"name":"k","metadata":{"a":{"b":1}}}', '{"name":"k","metadata":[1]}', '{"name":"k","owner":[]}',
]
for b in key_bad:
    case("admin", "wrong-type", "POST", "/admin/keys", "admin", b)
for b in ('{"name":1}', '{"name":null}', '{"models":null}', '{"metadata":null}', '{"limits":{"requests_per_minute":"x"}}',
          '{"budget":{"limit_usd":"x"}}', '{"expires_at":"soon"}', '{"team_id":"team_' + 'Z' * 12 + '"}', '{"models":"x"}'):
    case("admin", "wrong-type", "PATCH", "/admin/keys/{key_id}", "admin", b)
for b in ('{"name":1}', '{"name":""}', '{}', '{"name":"t","limits":"x"}', '{"name":"t","key_limits":{"requests_per_minute":0}}',
          '{"name":"t","budget":{"limit_usd":"x","period":"monthly"}}', '{"name":"t","budget":{"limit_usd":1,"period":7}}'):
    case("admin", "wrong-type", "POST", "/admin/teams", "admin", b)
route_bad = ['{}', '{"provider":1,"model":"m"}', '{"provider":"mock"}', '{"provider":"no-such-provider","model":"m"}',
             '{"provider":"mock","model":"m","deployments":"x"}', '{"provider":"mock","model":"m","deployments":[1]}',
             '{"deployments":[{"provider":"mock","model":"m","weight":"heavy"}]}',
             '{"deployments":[{"provider":"mock","model":"m","weight":-1}]}',
             '{"provider":"mock","model":"m","fallbacks":"x"}', '{"provider":"mock","model":"m","fallbacks":[1]}',
             '{"provider":"mock","model":"m","timeout_ms":"fast"}', '{"provider":"mock","model":"m","timeout_ms":-5}',
             '{"provider":"mock","model":"m","retry":{"max_attempts":"x"}}', '{"provider":"mock","model":"m","retry":{"max_attempts":-1}}']
for b in route_bad:
    case("admin", "wrong-type", "PUT", "/admin/models/hostile-route", "admin", b)
price_bad = ['{}', '{"input_per_million":"cheap","output_per_million":1}', '{"input_per_million":-1,"output_per_million":1}',
             '{"input_per_million":[],"output_per_million":1}', '{"input_per_million":1,"output_per_million":{}}',
             '{"input_per_million":true,"output_per_million":1}']
for b in price_bad:
    case("admin", "wrong-type", "PUT", "/admin/prices/hostile-price", "admin", b)
for b in ('{"grace_period_seconds":"x"}', '{"grace_period_seconds":-1}', '{"grace_period_seconds":[]}'):
    case("admin", "wrong-type", "POST", "/admin/keys/{key_id}/rotate", "admin", b)
for b in ('{"username":1,"password":"x"}', '{"username":"admin"}', '{}', '{"username":"admin","password":["x"]}'):
    case("admin", "wrong-type", "POST", "/admin/session", "none", b)

# ---------------------------------------------------------------- huge numbers
for v in ('1e400', '-1e400', '9223372036854775808', '-9223372036854775809', '-0', '0.5', '1e2', '-1',
          '18446744073709551616', '99999999999999999999999999999999999999'):
    case("openai", "huge-number", "POST", CHAT, "key", msg(',"n":' + v))
    case("anthropic", "huge-number", "POST", MSG, "key",
         '{"model":"{alias}","max_tokens":' + v + ',"messages":' + OK_MSG + '}')
    case("admin", "huge-number", "POST", "/admin/keys", "admin",
         '{"name":"k","limits":{"requests_per_minute":' + v + '}}')
for v in ('1e400', '-1e-400x', '-1', '1' + '0' * 400, '"1e400"'):
    case("admin", "huge-number", "PUT", "/admin/prices/hostile-price", "admin",
         '{"input_per_million":' + v + ',"output_per_million":1}')
for v in ('1e400', '-1', '9223372036854775808', '-0.5'):
    case("admin", "huge-number", "POST", "/admin/keys", "admin",
         '{"name":"k","budget":{"limit_usd":' + v + ',"period":"monthly"}}')
    case("admin", "huge-number", "PUT", "/admin/models/hostile-route", "admin",
         '{"provider":"mock","model":"m","timeout_ms":' + v + '}')
for q in ('limit=1e400', 'limit=9223372036854775808', 'limit=-1', 'limit=0', 'limit=1.5', 'limit=abc'):
    case("api", "huge-number", "GET", "/api/usage/requests?" + q, "admin")
    case("api", "huge-number", "GET", "/api/keys?" + q, "admin")

# ---------------------------------------------------------------- deep nesting
for fam, path, auth in (("openai", CHAT, "key"), ("anthropic", MSG, "key"), ("admin", "/admin/keys", "admin"),
                        ("admin", "/admin/keys/{key_id}", "admin"), ("admin", "/admin/teams", "admin")):
    method = "PATCH" if "{key_id}" in path else "POST"
    case(fam, "deep-nesting", method, path, auth, body_repeat={"prefix": "", "unit": "[", "count": 10000, "suffix": ""})
    case(fam, "deep-nesting", method, path, auth,
         body_repeat={"prefix": '{"model":"x","messages":', "unit": '{"a":', "count": 10000, "suffix": "1" + "}" * 10000 + "}"})
    case(fam, "deep-nesting", method, path, auth,
         body_repeat={"prefix": '{"name":', "unit": "[", "count": 10000, "suffix": "]" * 10000 + "}"})
case("openai", "deep-nesting", "POST", "/v1/embeddings", "key",
     body_repeat={"prefix": '{"model":"{alias}","input":', "unit": "[", "count": 5000, "suffix": "1" + "]" * 5000 + "}"})

# ---------------------------------------------------------------- invalid UTF-8
bad_bytes = [b'\xff\xfe', b'\xc3\x28', b'\xe2\x28\xa1', b'\xf0\x28\x8c\xbc', b'\xed\xa0\x80', b'\xc0\xaf']
for i, bb in enumerate(bad_bytes):
    body = b'{"model":"' + bb + b'","messages":[{"role":"user","content":"hi"}]}'
    case("openai", "invalid-utf8", "POST", CHAT, "key", body_base64=base64.b64encode(body).decode())
    body = b'{"model":"' + bb + b'","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}'
    case("anthropic", "invalid-utf8", "POST", MSG, "key", body_base64=base64.b64encode(body).decode())
    body = b'{"name":"' + bb + b'","models":["x' + bb + b'"]}'
    case("admin", "invalid-utf8", "POST", "/admin/keys", "admin", body_base64=base64.b64encode(body).decode())
for bb in bad_bytes[:3]:
    body = b'{"name":"' + bb + b'"}'
    case("admin", "invalid-utf8", "PATCH", "/admin/keys/{key_id}", "admin", body_base64=base64.b64encode(body).decode())
    body = b'{"provider":"mock","model":"' + bb + b'"}'
    case("admin", "invalid-utf8", "PUT", "/admin/models/hostile-route", "admin", body_base64=base64.b64encode(body).decode())

# ---------------------------------------------------------------- huge headers
for fam, path, method, auth in (("openai", CHAT, "POST", "key"), ("anthropic", MSG, "POST", "key"),
                                ("admin", "/admin/keys", "GET", "admin"), ("api", "/api/usage/summary", "GET", "admin")):
    body = '{"model":"{alias}","max_tokens":5,"messages":' + OK_MSG + '}' if method == "POST" else None
    # Netty refuses the head before any handler runs: 431 (or 400) and no body to shape
    case(fam, "huge-headers", method, path, auth, body, expect=("400", "413", "431"), shape="openai-or-none",
         header_repeat={"name": "x-hostile", "count": 1, "value_length": 20000})
    case(fam, "huge-headers", method, path, auth, body, expect=("400", "413", "431"), shape="openai-or-none",
         header_repeat={"name": "x-hostile", "count": 3000, "value_length": 10})
    case(fam, "huge-headers", method, path, auth, body, expect=("400", "413", "431"), shape="openai-or-none",
         header_repeat={"name": "x-request-id", "count": 1, "value_length": 17000})

# ---------------------------------------------------------------- huge bodies (test sets max-request-size to 64KB)
for fam, path, method, auth in (("openai", CHAT, "POST", "key"), ("openai", "/v1/embeddings", "POST", "key"),
                                ("anthropic", MSG, "POST", "key"), ("admin", "/admin/keys", "POST", "admin"),
                                ("admin", "/admin/keys/{key_id}", "PATCH", "admin"),
                                ("admin", "/admin/models/hostile-route", "PUT", "admin")):
    big = {"prefix": '{"model":"{alias}","max_tokens":5,"messages":[{"role":"user","content":"', "unit": "A",
           "count": 200000, "suffix": '"}]}'}
    case(fam, "huge-body", method, path, auth, expect=("413",), body_repeat=big)
    case(fam, "huge-body", method, path, auth, expect=("413",), body_repeat=big, chunked=True)

# ---------------------------------------------------------------- unknown fields (where refused)
for b in ('{"nmae":"typo"}', '{"name":"k","colour":"red"}', '{"id":"other"}', '{"key":"sk-llmp-x-y"}',
          '{"status":"active"}', '{"created_at":"2020-01-01T00:00:00Z"}', '{"__proto__":{"admin":true}}',
          '{"hash":"abc"}'):
    case("admin", "unknown-field", "PATCH", "/admin/keys/{key_id}", "admin", b)
# ... and on creation: a misspelt budget or limit would otherwise issue a key without it
for path, b in (("/admin/keys", '{"name":"k","budjet":{"limit_usd":"5","period":"monthly"}}'),
                ("/admin/keys", '{"name":"k","limits":{"rmp":10}}'),
                ("/admin/keys", '{"name":"k","budget":{"limit_usd":"5","period":"monthly","alert_at":80}}'),
                ("/admin/teams", '{"name":"t","key_limit":{"rpm":10}}'),
                ("/admin/users", '{"username":"u1","password":"correct-horse-9","role":"viewer","admin":true}')):
    case("admin", "unknown-field", "POST", path, "admin", b)
case("admin", "unknown-field", "PUT", "/admin/models/hostile-unknown", "admin",
     '{"provider":"mock","model":"mock-1","fallback":["x"]}')

# ---------------------------------------------------------------- injection-shaped strings
inj = ["' OR 1=1--", "%00", "%2e%2e%2f", "../../etc/passwd", "%25_%25", "%_", "<script>alert(1)</script>",
       "%0d%0aSet-Cookie:%20x=1", "'; DROP TABLE usage_entries;--", "\\x00"]
from urllib.parse import quote
for s in inj:
    enc = quote(s, safe="%")
    # "%_" is not a valid URI: Spring's Reactor Netty adapter answers a bare 400 (no body)
    # before any filter or handler sees the request, so there is no error shape to check
    bare = "openai-or-none" if s == "%_" else None
    case("api", "injection", "GET", "/api/usage/requests?key=" + enc + "&from=" + enc, "admin", shape=bare)
    case("api", "injection", "GET", "/api/usage/summary?groupBy=" + enc, "admin", shape=bare)
    case("api", "injection", "GET", "/api/usage/timeseries?interval=" + enc, "admin", shape=bare)
    case("api", "injection", "GET", "/api/keys?status=" + enc, "admin", shape=bare)
    case("api", "injection", "GET", "/api/usage/requests?cursor=" + enc, "admin", shape=bare)
    case("api", "injection", "GET", "/api/keys/" + quote(s, safe=""), "admin", expect=("400", "404"))
    case("admin", "injection", "PATCH", "/admin/keys/" + quote(s, safe=""), "admin", '{"name":"x"}', expect=("400", "404"))
    case("admin", "injection", "POST", "/admin/keys", "admin",
         json.dumps({"name": "k", "team_id": s}))
    case("openai", "injection", "POST", CHAT, "key",
         json.dumps({"model": s, "messages": [{"role": "user", "content": "hi"}]}), expect=("400", "404"))
# CRLF injection in x-request-id: raw CR / LF / NUL in a header value is refused by Netty or echoed safely
for v in ("abc\rX-Injected: 1", "abc\nX-Injected: 1", "abc\x00def"):
    case("openai", "injection", "POST", CHAT, "bad", '{"model":"{alias}","messages":' + OK_MSG + '}',
         headers={"Content-Type": "application/json", "x-request-id": v}, expect=("400", "401"), shape="openai-or-none")
for v in ("%0d%0aX-Injected:%201", "<script>alert(1)</script>", "' OR 1=1--"):
    case("openai", "injection", "POST", CHAT, "bad", '{"model":"{alias}","messages":' + OK_MSG + '}',
         headers={"Content-Type": "application/json", "x-request-id": v}, expect=("401",))

# ---------------------------------------------------------------- path tricks
tricks = [
    ("/v1/../admin/keys", "GET", "key"), ("/v1/%2e%2e/admin/keys", "GET", "key"), ("/v1/%2E%2E/admin/keys", "GET", "key"),
    ("/v1/..%2fadmin/keys", "GET", "key"), ("/v1/%252e%252e/admin/keys", "GET", "key"), ("/v1%2f..%2fadmin%2fkeys", "GET", "key"),
    ("/v1/chat/completions.", "POST", "key"), ("/v1/chat/completions..", "POST", "key"), ("/v1/chat/completions%2f", "POST", "key"),
    ("/v1/chat%2fcompletions", "POST", "key"), ("/v1/chat%252fcompletions", "POST", "key"), ("/v1/" + "a" * 8000, "GET", "key"),
    ("/v1/nope", "GET", "key"), ("/v1/models/" + "m" * 4000, "GET", "key"), ("/v1/models/%00", "GET", "key"),
    ("/v1//chat/completions", "POST", "key"),
    # path parameters (";x") are ignored by Spring's matching but not by a prefix check on the raw
    # path: without a token each of these must still be refused
    ("/admin;x/keys", "GET", "none"), ("/api;x/keys", "GET", "none"), ("/admin;/users", "GET", "none"),
    ("/api;a=b/usage/summary", "GET", "none"), ("/admin/keys;x", "GET", "none"), ("//admin/keys", "GET", "none"),
    ("/Admin/keys", "GET", "none"), ("/admin%2fkeys", "GET", "none"), ("/admin/session;x", "GET", "none"),
    ("/admin/keys/../users", "GET", "none"), ("/admin/%2e%2e/api/keys", "GET", "none"), ("/admin/keys%00", "GET", "none"),
    ("/admin/nope", "GET", "admin"), ("/admin/keys/" + "k" * 8000, "PATCH", "admin"), ("/admin/keys/%2e%2e", "PATCH", "admin"),
    ("/admin/models/..%2f..%2fetc", "PUT", "admin"), ("/admin/keys/{key_id}.", "PATCH", "admin"),
    ("/api/nope", "GET", "admin"), ("/api/keys/%2e%2e%2f%2e%2e%2fadmin", "GET", "admin"), ("/api/usage/summary/..;/x", "GET", "admin"),
    ("/api/../admin/keys", "GET", "none"), ("/api/" + "x" * 8000, "GET", "admin"), ("/api/keys/" + "%" , "GET", "admin"),
    ("/v1/messages/../chat/completions", "POST", "none"), ("/v1/messages/extra", "POST", "key"),
]
for p, m, a in tricks:
    fam = "anthropic" if p.startswith("/v1/messages") else ("openai" if p.startswith("/v1") else
                                                              "api" if p.startswith("/api") else "admin")
    body = '{"model":"{alias}","messages":' + OK_MSG + '}' if m in ("POST", "PUT", "PATCH") else None
    # Netty answers a request line longer than 4096 bytes with a bare 414, and a URI Spring cannot
    # parse ("%" alone) with a bare 400, before the application sees either
    bare = len(p) > 4000 or p.endswith("/%")
    case(fam, "path-trick", m, p, a, body, expect=("4xx",), shape="openai-or-none" if bare else None)

# writes through the same path-parameter trick, with bodies the API would otherwise accept: Spring
# Security's strict firewall refuses any ";" in the path (400) before a credential is even read;
# without that firewall the answer would be 401. Either is a refusal; a 2xx never is.
case("admin", "path-trick", "POST", "/admin;x/keys", "none", '{"name":"bypass"}', expect=("400", "401"))
case("admin", "path-trick", "PATCH", "/admin;x/keys/{key_id}", "none", '{"name":"bypass"}', expect=("400", "401"))
case("admin", "path-trick", "PUT", "/admin;x/models/bypass", "none", '{"provider":"mock","model":"m"}',
     expect=("400", "401"))
case("admin", "path-trick", "DELETE", "/admin;x/keys/{key_id}", "none", expect=("400", "401"))

# Spring routes "/v1/messages;x" to the Messages handler (when the firewall lets it through): its
# errors must keep Anthropic's shape
case("anthropic", "path-trick", "POST", "/v1/messages;x", "key", '{"model":', expect=("400",))
case("anthropic", "path-trick", "POST", "/v1/messages;x", "none", '{"model":"{alias}"}', expect=("400", "401"))

# ---------------------------------------------------------------- wrong methods
for p, m, fam in ((CHAT, "GET", "openai"), (CHAT, "PUT", "openai"), (CHAT, "DELETE", "openai"), ("/v1/models", "POST", "openai"),
                  ("/v1/embeddings", "GET", "openai"), (MSG, "GET", "anthropic"), (MSG, "DELETE", "anthropic"),
                  ("/admin/keys", "PUT", "admin"), ("/admin/keys", "DELETE", "admin"), ("/admin/session", "GET", "admin"),
                  ("/admin/prices/x", "POST", "admin"), ("/admin/models/x", "POST", "admin"),
                  ("/api/usage/summary", "POST", "api"), ("/api/keys", "DELETE", "api"), ("/api/audit/verify", "PUT", "api"),
                  ("/admin/keys", "TRACE", "admin"), (CHAT, "PATCH", "openai")):
    auth = "key" if fam in ("openai", "anthropic") else "admin"
    # the firewall refuses methods outside the usual seven (TRACE) with 400
    case(fam, "wrong-method", m, p, auth, expect=("400", "404", "405") if m == "TRACE" else ("404", "405"))

# ---------------------------------------------------------------- wrong content types
for ct in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
           "application/json; charset=utf-16"):
    hdr = {"Content-Type": ct}
    case("openai", "content-type", "POST", CHAT, "key", 'model=x&messages=y', headers=hdr, expect=("400", "415"))
    case("anthropic", "content-type", "POST", MSG, "key", '<model>x</model>', headers=hdr, expect=("400", "415"))
    case("admin", "content-type", "POST", "/admin/keys", "admin", 'name=x', headers=hdr, expect=("400", "415"))
case("admin", "content-type", "PATCH", "/admin/keys/{key_id}", "admin", 'name=x', headers={"Content-Type": "text/plain"},
     expect=("400", "415"))
case("admin", "content-type", "POST", "/admin/keys", "admin", '{"name":"x"}', headers={}, expect=("400", "415"))

# ---------------------------------------------------------------- path variants
# Spellings of a protected path that a server may read as that path while a check on the raw text
# sees another (the reported bypass was POST /%61dmin/keys answering 201). Each base request would
# succeed if it reached its handler: without the right credential every spelling must be refused
# (RouteMatrixTest sends the same families to every registered route).
VARIANT_BASES = [
    ("admin", "POST", "/admin/keys", "none", '{"name":"bypass","models":["*"]}'),
    ("admin", "POST", "/admin/users", "none",
     '{"username":"mallory","role":"admin","password":"a long enough password"}'),
    ("admin", "PUT", "/admin/models/hostile-bypass", "none", '{"provider":"mock","model":"mock-1"}'),
    # the corpus's own key trying to revoke itself: the test checks the key still works afterwards
    ("admin", "POST", "/admin/keys/{key_id}/revoke", "key", None),
    ("api", "GET", "/api/keys", "none", None),
    ("api", "GET", "/api/usage/summary", "key", None),
    ("openai", "POST", "/v1/chat/completions", "none",
     '{"model":"{alias}","messages":[{"role":"user","content":"hi"}]}'),
]
CLIMB_FROM = (("/x", 1), ("/v1", 1), ("/api", 1), ("/admin", 1), ("/js", 1), ("/index.html", 1),
              ("/actuator/health", 2), ("/admin/session", 2))


def segments_of(path):
    return path[1:].split("/")


def with_segment(segs, i, value):
    changed = list(segs)
    changed[i] = value
    return "/" + "/".join(changed)


def each_slash(path, replacement):
    out = []
    i = path.find("/", 1)
    while i > 0:
        out.append(path[:i] + replacement + path[i + 1:])
        i = path.find("/", i + 1)
    return out


def letters(path, spell):
    segs, out = segments_of(path), []
    for s in range(min(2, len(segs))):
        for i, ch in enumerate(segs[s]):
            if ch.isalpha():
                out.append(with_segment(segs, s, segs[s][:i] + spell(ch) + segs[s][i + 1:]))
    return out


def first_letters(path, spell):
    segs = segments_of(path)
    return [with_segment(segs, s, spell(segs[s][0]) + segs[s][1:]) for s in range(min(2, len(segs)))]


def overlong2(ch):
    c = ord(ch)
    return "%%%02x%%%02x" % (0xC0 | (c >> 6), 0x80 | (c & 0x3F))


def overlong3(ch):
    c = ord(ch)
    return "%%e0%%%02x%%%02x" % (0x80 | (c >> 6), 0x80 | (c & 0x3F))


def path_variants(path):
    segs = segments_of(path)
    first = "/" + segs[0]
    rest = path[len(first):]
    v = {
        "encoded-letter": letters(path, lambda ch: "%%%02x" % ord(ch)) + letters(path, lambda ch: "%%%02X" % ord(ch)),
        "double-encoding": letters(path, lambda ch: "%%25%02x" % ord(ch)) + each_slash(path, "%252f")
                           + ["/x/%252e%252e" + path],
        "double-slash": ["/" + path, "//" + path] + each_slash(path, "//"),
        "dot-segment": ["/." + path, path + "/."] + each_slash(path, "/./"),
        "dot-dot": [frm + "/.." * depth + path for frm, depth in CLIMB_FROM]
                   + [first + "/x/.." + rest, path + "/.."],
        "trailing-slash": [path + "/"],
        "path-parameter": [with_segment(segs, i, segs[i] + ";x") for i in range(len(segs))]
                          + [with_segment(segs, 0, segs[0] + ";"), with_segment(segs, 0, segs[0] + ";x=y"), path + ";"],
        "encoded-slash": each_slash(path, "%2F") + each_slash(path, "%2f") + ["/%2F" + path[1:]],
        "nul": ["/%00" + path, path + "%00"] + [with_segment(segs, i, segs[i] + "%00") for i in range(len(segs) - 1)],
        "encoded-dot": ["/%2e" + path, "/%2E" + path, "/x/%2e%2e" + path, "/x/%2E%2E" + path, "/x/.%2e" + path,
                        path + "/%2e", with_segment(segs, 0, segs[0] + "%2e")],
        # only the first two segments change case: the rest may hold a placeholder
        "case": [with_segment(segs, 0, segs[0].upper()), with_segment(segs, 0, segs[0].capitalize()),
                 "/" + "/".join(x.capitalize() if i < 2 else x for i, x in enumerate(segs)),
                 with_segment(segs, 0, "".join(c.upper() if i % 2 else c for i, c in enumerate(segs[0])))],
        "overlong-utf8": first_letters(path, overlong2) + first_letters(path, overlong3)
                         + each_slash(path, "%c0%af")[:1] + each_slash(path, "%C0%AF")[:1],
        "backslash": each_slash(path, "\\") + each_slash(path, "%5c") + each_slash(path, "%5C") + ["\\" + path[1:]],
        "absolute-form": ["http://127.0.0.1" + path, "http://evil.example" + path],
    }
    return {family: [p for p in dict.fromkeys(paths) if p != path] for family, paths in v.items()}


for fam, method, base_path, auth, body in VARIANT_BASES:
    for family, paths in path_variants(base_path).items():
        for p in paths:
            # a raw backslash is not a URI character: Spring's Reactor Netty adapter answers a bare
            # 400 (no body) before any filter or handler sees the request, as for "%_" above
            bare = "openai-or-none" if "\\" in p else None
            case(fam, "variant-" + family, method, p, auth, body, expect=("400", "401", "403", "404"), shape=bare)
    # headers some stacks route by, on a path nobody is served ("/x"), and a second Host header
    hdrs = {"Content-Type": "application/json"} if body is not None else {}
    for name in ("X-Original-URL", "X-Rewrite-URL", "X-Forwarded-Path", "X-Forwarded-Uri", "X-Forwarded-Prefix"):
        case(fam, "variant-forwarded-header", method, "/x", auth, body, expect=("400", "401", "403", "404"),
             headers={**hdrs, name: base_path})
    first = "/" + segments_of(base_path)[0]
    case(fam, "variant-forwarded-header", method, base_path[len(first):], auth, body,
         expect=("400", "401", "403", "404"), headers={**hdrs, "X-Forwarded-Prefix": first})
    for host in ("evil.example", "127.0.0.1" + base_path + "#", ""):
        case(fam, "variant-host-header", method, base_path, auth, body, expect=("400", "401", "403", "404"),
             headers={**hdrs, "Host": host})

# ---------------------------------------------------------------- arithmetic on client numbers
# Every number a budget reservation is computed from, and every sampling number, must be finite,
# integral where the API says so and within range (the output limits at most the route's maximum
# output, 128000 by default): else a 400 in the API's shape naming the field, before any rate limit
# or budget. Valid edge values (max_tokens null, temperature 1e-999999, which is 0) are answered 200
# and recorded, which this corpus must not do: ReservationCoversCostTest sends those.
COMPLETIONS = "/v1/completions"
BAD_LIMITS = ('4611686018427387904', '9223372036854775807', '9223372036854775808', '-1', '0', '-0',
              '2.5', '1e3', '1e999999999', '-1e999999999', '1e-999999', '"5"', '[5]', '{}', 'true',
              '1' + '0' * 400, '-' + '9' * 400, '128001', '"NaN"', '"Infinity"')
BAD_UNPARSABLE = ('NaN', '-Infinity', '+5', '0x10', '01')
for v in BAD_LIMITS + BAD_UNPARSABLE:
    case("openai", "client-arithmetic", "POST", CHAT, "key", msg(',"max_tokens":' + v), expect=("400",))
    case("anthropic", "client-arithmetic", "POST", MSG, "key",
         '{"model":"{alias}","max_tokens":' + v + ',"messages":' + OK_MSG + '}', expect=("400",))
for v in ('4611686018427387904', '0', '2.5', '1e999999999', '"7"', '128001', '1' + '0' * 400):
    case("openai", "client-arithmetic", "POST", CHAT, "key", msg(',"max_completion_tokens":' + v), expect=("400",))
    case("openai", "client-arithmetic", "POST", COMPLETIONS, "key",
         # 0 is a valid completion limit (echo scores the prompt): -1 stands in for it
         '{"model":"{alias}","prompt":"hi","max_tokens":' + ('-1' if v == '0' else v) + '}', expect=("400",))
for v in ('4611686018427387904', '129', '0', '-1', '2.5', '2.0', '1e999999999', '"2"', '[2]'):
    case("openai", "client-arithmetic", "POST", CHAT, "key", msg(',"max_tokens":5,"n":' + v), expect=("400",))
    case("openai", "client-arithmetic", "POST", COMPLETIONS, "key",
         '{"model":"{alias}","prompt":"hi","max_tokens":5,"n":' + v + '}', expect=("400",))
# limit × choices beyond a long, and limit × choices × prompts of a batched completion
for extra in (',"max_tokens":4611686018427387904,"n":2', ',"max_tokens":9223372036854775807,"n":128',
              ',"max_completion_tokens":4611686018427387904,"n":4', ',"max_tokens":128000,"n":129',
              ',"max_tokens":3074457345618258603,"n":3', ',"max_tokens":1,"max_completion_tokens":1e999999999'):
    case("openai", "client-arithmetic", "POST", CHAT, "key", msg(extra), expect=("400",))
for extra in (',"max_tokens":4611686018427387904,"n":2', ',"max_tokens":5,"best_of":21',
              ',"max_tokens":5,"n":3,"best_of":2', ',"max_tokens":5,"best_of":1e999999999',
              ',"max_tokens":5,"logprobs":6', ',"max_tokens":5,"logprobs":2.5'):
    case("openai", "client-arithmetic", "POST", COMPLETIONS, "key",
         '{"model":"{alias}","prompt":["a","b","c"]' + extra + '}', expect=("400",))
SAMPLING_BAD = ('1e999999999', '-1e999999999', '"Infinity"', '"NaN"', '"0.5"', '3', '-3', '1' + '0' * 400, '[]')
for field in ("temperature", "top_p", "presence_penalty", "frequency_penalty"):
    for v in SAMPLING_BAD:
        case("openai", "client-arithmetic", "POST", CHAT, "key", msg(',"' + field + '":' + v), expect=("400",))
for field, values in (("temperature", SAMPLING_BAD + ('1.5', '-0.1')), ("top_p", SAMPLING_BAD),
                      ("top_k", ('-1', '2.5', '1e999999999', '9223372036854775808', '"5"'))):
    for v in values:
        case("anthropic", "client-arithmetic", "POST", MSG, "key", am(',"' + field + '":' + v), expect=("400",))
for v in ('1e999999999', '-5', '4611686018427387904', '2.5'):
    case("anthropic", "client-arithmetic", "POST", MSG, "key",
         am(',"thinking":{"type":"enabled","budget_tokens":' + v + '}'), expect=("400",))
for extra in (',"seed":1e999999999', ',"seed":9223372036854775808', ',"seed":2.5',
              ',"top_logprobs":21', ',"top_logprobs":-1', ',"logit_bias":{"50256":1e999999999}',
              ',"logit_bias":{"50256":101}', ',"logit_bias":{"50256":"-100"}',
              # a number nobody reads still reaches the upstream, as the string "Infinity"
              ',"metadata":{"x":-1e999999999}', ',"user_score":1e999999999'):
    case("openai", "client-arithmetic", "POST", CHAT, "key", msg(extra), expect=("400",))
case("openai", "client-arithmetic", "POST", CHAT, "key",
     '{"model":"{alias}","messages":[{"role":"user","content":"hi","weight":1e999999999}]}', expect=("400",))
case("openai", "client-arithmetic", "POST", "/v1/embeddings", "key",
     '{"model":"{alias}","input":"hi","dimensions":1e999999999}', expect=("400",))
case("anthropic", "client-arithmetic", "POST", MSG, "key",
     am(',"tools":[{"name":"t","input_schema":{"type":"object","properties":{"x":{"type":"number","maximum":1e999999999}}}}]'),
     expect=("400",))
# ================================================================ names (hardening: encodings, names in
# upstream URLs, error-body leaks)

# ---------------------------------------------------------------- encodings
# request bodies must be UTF-8 as RFC 8259 says: each byte pattern a lenient decoder would rewrite
# (overlong forms, surrogates, values above U+10FFFF, truncated sequences, stray continuation
# bytes, 0xF5-0xFF) sits inside a string of an otherwise valid body, so the refusal can only come
# from the encoding check
BAD_UTF8 = [
    b"\xc0\xaf", b"\xc1\x81", b"\xe0\x80\xaf", b"\xf0\x80\x80\xaf", b"\xe0\x9f\xbf", b"\xc0\x80",
    b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xed\xa0\xbd\xed\xb2\xa9", b"\xf4\x90\x80\x80", b"\xf7\xbf\xbf\xbf",
    b"\xf5\x80\x80\x80", b"\xf8\x88\x80\x80\x80", b"\xfc\x84\x80\x80\x80\x80", b"\xfe", b"\xff",
    b"\x80", b"\xbf", b"\x80\x80", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc3\x41", b"\xe9",
    b"\\uD800", b"\\uDFFF", b"\\uD83D\\u0041", b"\\uDC00\\uD800",
]
utf8_bodies = [
    ("openai", CHAT, "POST", "key", '{"model":"{alias}","messages":[{"role":"user","content":"TEXT"}]}'),
    ("openai", "/v1/completions", "POST", "key", '{"model":"{alias}","prompt":"TEXT"}'),
    ("openai", "/v1/embeddings", "POST", "key", '{"model":"{alias}","input":"TEXT"}'),
    ("anthropic", MSG, "POST", "key",
     '{"model":"{alias}","max_tokens":5,"messages":[{"role":"user","content":"TEXT"}]}'),
    ("admin", "/admin/models/hostile-utf8", "PUT", "admin", '{"provider":"mock","model":"mock-TEXT"}'),
    ("admin", "/admin/keys", "POST", "admin", '{"name":"TEXT","models":["{alias}"]}'),
    ("admin", "/admin/teams", "POST", "admin", '{"name":"TEXT"}'),
    ("admin", "/admin/session", "POST", "none", '{"username":"admin","password":"TEXT"}'),
]
for fam, path, method, auth, template in utf8_bodies:
    head, tail = template.split("TEXT")
    for bad in BAD_UTF8:
        raw = head.encode() + bad + tail.encode()
        case(fam, "encodings", method, path, auth, body_base64=base64.b64encode(raw).decode(), expect=("400",))
    # the same bytes in a field name, and outside any string
    raw = b'{"\xc0\xaf' + head.encode()[2:] + b"x" + tail.encode()
    case(fam, "encodings", method, path, auth, body_base64=base64.b64encode(raw).decode(), expect=("400",))
    raw = head.encode() + b"x" + tail.encode() + b"\xed\xa0\x80"
    case(fam, "encodings", method, path, auth, body_base64=base64.b64encode(raw).decode(), expect=("400",))

# ---------------------------------------------------------------- names built into URLs
# Azure deployment and Gemini model names are path segments of the upstream URL; every provider
# kind refuses names that could climb, add a query or fragment, or expand as a URI template
HOSTILE_NAMES = [
    "../../../v1/files?purpose=probe#", "gpt-{x}", "{x}", "a b", "50%", "50%2F..", "%2e%2e", "..", ".",
    "x/../../y", "x/./y", "/leading", "trailing/", "double//slash", "x?api-version=1", "x#frag",
    "tab\tname", "new\nline", "nul\u0000", "back\\slash", "quote\"name", "semi;colon", "ünïcode",
    "x" * 300, "",
]
for name in HOSTILE_NAMES:
    enc = json.dumps(name)
    case("admin", "names-built-into-urls", "PUT", "/admin/models/hostile-name", "admin",
         '{"provider":"mock","model":' + enc + '}', expect=("400",))
    case("admin", "names-built-into-urls", "PUT", "/admin/models/hostile-name", "admin",
         '{"deployments":[{"provider":"mock","model":"mock-1"},{"provider":"mock","model":' + enc + '}]}',
         expect=("400",))

# ---------------------------------------------------------------- error-body leaks
# wrong content types, 415/406/405 provocations and bad JSON of many kinds: each refusal is
# judged for class, package and library names in its body, as every case is
LEAK_TYPES = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
              "application/octet-stream", "application/vnd.api+xml", "text/html;charset=utf-8", "image/png", "*/*",
              "application", "application/json/extra", "x/y; q=\"", "application/json; charset=ebcdic"]
admin_valid = [
    ("/admin/session", "POST", "none", '{"username":"admin","password":"wrong"}'),
    ("/admin/keys", "POST", "admin", '{"name":"leak"}'),
    ("/admin/models/hostile-leak", "PUT", "admin", '{"provider":"mock","model":"mock-1"}'),
    ("/admin/teams", "POST", "admin", '{"name":"leak"}'),
    ("/admin/keys/{key_id}", "PATCH", "admin", '{"name":"leak"}'),
]
for path, method, auth, b in admin_valid:
    for t in LEAK_TYPES:
        expect = ("400", "401", "415") if auth == "none" else ("400", "415")
        case("admin", "error-body-leaks", method, path, auth, b, expect=expect, headers={"Content-Type": t})
    case("admin", "error-body-leaks", method, path, auth, b, expect=("400", "401", "415"), headers={})
for fam, path, auth in (("openai", CHAT, "key"), ("anthropic", MSG, "key")):
    for t in LEAK_TYPES[:6]:
        case(fam, "error-body-leaks", "POST", path, auth, '{"model":"{alias}"} trailing', headers={"Content-Type": t})
# Accept headers nothing here can answer
for path, auth in (("/api/usage/summary", "admin"), ("/api/keys", "admin"), ("/admin/models", "admin")):
    for accept in ("application/xml", "text/csv", "image/png"):
        case("api" if path.startswith("/api") else "admin", "error-body-leaks", "GET", path, auth,
             expect=("404", "405", "406"), headers={"Accept": accept})
for path, method, auth, b in admin_valid[1:4]:
    # a body the handler refuses is judged before the answer's type: 400 or 406
    case("admin", "error-body-leaks", method, path, auth, b, expect=("400", "406"),
         headers={"Content-Type": "application/json", "Accept": "application/xml"})
# methods no handler has
for method, path, auth, fam in (("DELETE", CHAT, "key", "openai"), ("PUT", CHAT, "key", "openai"),
                                ("GET", CHAT, "key", "openai"), ("PATCH", "/v1/embeddings", "key", "openai"),
                                ("DELETE", MSG, "key", "anthropic"), ("GET", MSG, "key", "anthropic"),
                                ("PUT", "/api/usage/summary", "admin", "api"), ("DELETE", "/api/keys", "admin", "api"),
                                ("PATCH", "/admin/models/x", "admin", "admin"), ("GET", "/admin/session", "none", "admin"),
                                ("PUT", "/admin/session", "none", "admin"), ("POST", "/api/usage/summary", "admin", "api"),
                                ("TRACE", "/admin/keys", "admin", "admin")):
    # TRACE is refused by the firewall (400) before routing
    case(fam, "error-body-leaks", method, path, auth, expect=("400", "401", "404", "405"))
# bad JSON whose parser messages name library features or Java types
bad_json = [
    '{"model":"{alias}"} {"x":1}', '{"model":"{alias}"}]', '{"model":"{alias}"} 1', '{"a":1}{"a":2}',
    '{"model":' + '1' * 1200 + '}', '{"model":"{alias}","n":0.' + '1' * 1200 + '}', '{"' + 'k' * 60000 + '":1}',
    '{"model":"{alias}","messages":' + '[' * 1200 + ']' * 1200 + '}', '{"model":"{alias}","x":' + '{"a":' * 1100 + '1' + '}' * 1100 + '}',
    '{"model":"\\x41"}', '{"model":"\\u00G1"}', '{"model":"{alias}"\n,', '{"model":tru}', '{"model":"{alias}","n":01}',
    '{"model":"{alias}","n":1.}', '{"model":"{alias}","n":+1}', '{"model":"{alias}","n":.5}', '{"model":"{alias}","n":0x10}',
]
for fam, path in (("openai", CHAT), ("openai", "/v1/embeddings"), ("anthropic", MSG)):
    for b in bad_json:
        case(fam, "error-body-leaks", "POST", path, "key", b)
admin_bad = [
    '{"name":"x"} {"y":1}', '{"name":"x"}]', '{"name":' + '1' * 1200 + '}', '{"name":"x","limits":' + '{"a":' * 1100 + '1' + '}' * 1100 + '}',
    '{"name":"x","models":{"a":1}}', '{"name":["x"]}', '{"name":"x","limits":{"requests_per_minute":{"x":1}}}',
    '{"name":"x","expires_at":[2026]}', '{"name":"x","unknown_field":1}', '{"name":"x","models":[[]]}',
    '{"name":"x","budget":[]}', '{"name":"x","budget":{"period":["monthly"],"limit_usd":1}}', '"just text"', '123', 'null',
]
for path, method in (("/admin/keys", "POST"), ("/admin/teams", "POST"), ("/admin/keys/{key_id}", "PATCH"),
                     ("/admin/models/hostile-leak", "PUT"), ("/admin/prices/hostile-leak", "PUT"), ("/admin/session", "POST")):
    for b in admin_bad:
        case("admin", "error-body-leaks", method, path, "none" if path == "/admin/session" else "admin", b)
# ---------------------------------------------------------------- framing (request smuggling)
# Body framing a front proxy could read differently from the proxy: 400 and the connection closed
# (edge.wire.StrictFraming, edge.wire.HeadWatch). The runner adds "Content-Length" to any case with a
# body, and "Transfer-Encoding: chunked" to a chunked one; header names differing only in case are
# sent as two headers. That the connection is closed and the hidden request never answered is shown
# by edge/wire/HttpFramingTest, which reads on after the refusal; here each spelling is one case.
SMUGGLE = "0\r\n\r\nGET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\n\r\n"
FRAMING_TARGETS = (("openai", CHAT, "key"), ("anthropic", MSG, "key"), ("admin", "/admin/keys", "admin"))


def framing(category, target, headers, body=None, **extra):
    fam, path, auth = target
    case("framing", category, "POST", path, auth, body,
         expect=("400",), shape="anthropic" if fam == "anthropic" else "openai",
         headers={"Content-Type": "application/json", **headers}, **extra)


for target in FRAMING_TARGETS:
    # Content-Length (added by the runner) together with Transfer-Encoding
    for te in ("chunked", "CHUNKED", "Chunked", "chunked, identity", "identity, chunked", "\tchunked",
               "chunked\t", "gzip, chunked", "chunked , chunked", "chunked;q=1"):
        framing("cl-and-te", target, {"Transfer-Encoding": te}, body=SMUGGLE)
    # a coding other than exactly one chunked, with the runner's own chunked framing after it
    for te in ("chunked", "identity", "gzip", "xchunked", "chunked-x", "\"chunked\"", "chunked, chunked"):
        framing("te-repeated-or-unknown", target, {"transfer-encoding": te}, body="{}", chunked=True)
    # a coding other than chunked, alone
    for te in ("identity", "gzip", "deflate", "compress", "xchunked", "chunkedx", "chunk", "x", ""):
        framing("te-unknown", target, {"Transfer-Encoding": te})
    # malformed or repeated lengths, with no body bytes sent
    for cl in ("+5", "-1", "-0", "005", "00", "0x10", "5, 6", "5,5", "5 5", "1e3", "5.0", " ", "",
               "99999999999999999999", "18446744073709551616", "5\u0000", "\u0665"):
        framing("cl-malformed", target, {"Content-Length": cl})
    framing("cl-repeated", target, {"Content-Length": "2", "content-length": "3"})
    framing("cl-repeated", target, {"Content-Length": "0", "content-length": "0"})
    # obsolete line folding, on framing headers and on others
    for name, value in (("Transfer-Encoding", "chunked\r\n , identity"), ("X-Folded", "a\r\n b"),
                        ("X-Folded", "a\r\n\tb"), ("Authorization", "Bearer\r\n x"),
                        ("Content-Type", "application/json\r\n ;charset=utf-8"),
                        ("X-Padding", "a\r\n Transfer-Encoding: chunked"),
                        ("X-Padding", "a\r\n\tContent-Length: 0"), ("Host", "a\r\n b")):
        framing("obs-fold", target, {name: value}, body="{}")
    # bare LF, NUL, space before the colon, a line without a colon
    for name, value in (("X-Bare-Lf", "a\nTransfer-Encoding: chunked"), ("X-Bare-Lf", "a\nX-Other: b"),
                        ("X-Nul", "a\u0000b"), ("X-Cr", "a\rTransfer-Encoding: chunked"),
                        ("Transfer-Encoding ", "chunked"), ("Content-Length ", "2"),
                        ("X-No-Colon", "a\r\nNoColonHere")):
        framing("malformed-line", target, {name: value}, body="{}")

# ---------------------------------------------------------------- slow clients
# A client that announces a body and sends none of it: without valid credentials it is refused at
# once, not after waiting for the body. Clients that are slow on purpose (a trickled or half-sent
# head, a body that stops, an idle kept-alive connection, 1,500 of them at once) need time, which
# this format cannot express: edge/wire/SlowClientsTest and SlowClientFloodTest send those.
for fam, path in (("openai", CHAT), ("anthropic", MSG)):
    for auth in ("none", "bad"):
        for cl in ("1", "100", "16777216"):
            case("slow-clients", "announced-body-never-sent", "POST", path, auth, expect=("401", "413"),
                 shape="anthropic" if fam == "anthropic" else "openai",
                 headers={"Content-Type": "application/json", "Content-Length": cl})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"cases": cases}, f, indent=1, ensure_ascii=True)
    f.write("\n")
from collections import Counter
print(len(cases), Counter(c["family"] for c in cases), Counter(c["category"] for c in cases))

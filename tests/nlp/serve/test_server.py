"""The real server: `framing serve` with uvicorn on 127.0.0.1, called over HTTP."""

import os
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.nlp.cli.test_corpus_cli import FRAMING

KEY = "test-key-123"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(*extra):
    port = _free_port()
    env = {**os.environ, "FRAMING_TEST_KEY": KEY, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([FRAMING, "serve", "--port", str(port), "--api-key-env", "FRAMING_TEST_KEY", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            pytest.fail(f"server exited: {proc.stdout.read()[-2000:]}")
        time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("server did not become ready")
    return proc, httpx.Client(base_url=base, headers={"X-API-Key": KEY}, timeout=120)


@pytest.fixture(scope="module")
def server():
    proc, client = _start("--max-texts", "8", "--max-chars", "500", "--max-doc-chars", "3000")
    yield client
    proc.terminate()
    proc.wait(timeout=60)


def test_graceful_shutdown_finishes_requests_in_flight():
    proc, client = _start()
    texts = [f"Japan kept its sanctions on Russia in place, the minister said in statement {i}." for i in range(64)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(client.post, "/v1/classify", json={"texts": texts, "lang": "en"})
        time.sleep(0.3)  # the request is in the model now
        proc.terminate()
        response = pending.result(timeout=120)
    assert response.status_code == 200 and len(response.json()["results"]) == 64
    assert proc.wait(timeout=60) in (0, -15)  # uvicorn re-raises SIGTERM after its graceful shutdown


def test_health_needs_no_key(server):
    assert httpx.get(server.base_url.join("/healthz")).json() == {"status": "ok"}
    assert httpx.get(server.base_url.join("/readyz")).json() == {"status": "ready"}


def test_api_key_is_required(server):
    url = server.base_url.join("/v1/classify")
    assert httpx.post(url, json={"texts": ["x"]}).status_code == 401
    wrong = httpx.post(url, json={"texts": ["x"]}, headers={"X-API-Key": "nope"})
    assert wrong.status_code == 401 and wrong.json()["detail"] == "missing or wrong X-API-Key"


def test_classify_three_languages(server):
    texts = ["The government said the sanctions on Russia will remain in place until the war ends.",
             "Переговоры о мирном договоре и поездки на южные Курилы заморожены.",
             "ロシア軍の爆撃機が日本海上空を飛行し、航空自衛隊の戦闘機が緊急発進した。"]
    r = server.post("/v1/classify", json={"texts": texts})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [x["text"] for x in body["results"]] == texts and [x["lang"] for x in body["results"]] == ["en", "ru", "ja"]
    assert body["taxonomy"] == "japan-russia-sanctions@1.0"
    frames = [{f["frame"] for f in x["frames"]} for x in body["results"]]
    assert "sanctions_maintained" in frames[0] and "territorial_dispute" in frames[1] and "russia_threat" in frames[2]


def test_annotate_a_document(server):
    text = ("Russian outlets claimed that Tokyo had lifted its sanctions. "
            "That is not true: Japan kept every restriction in place, the foreign ministry said.")
    r = server.post("/v1/annotate", json={"document": {"id": "d1", "text": text, "outlet": "Test Wire", "meta": {"k": 1}}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == "d1" and body["lang"] == "en" and body["outlet"] == "Test Wire" and body["meta"] == {"k": 1}
    assert len(body["sentences"]) == 2
    for s in body["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
    assert any(f["frame"] == "sanctions_eased" for s in body["sentences"] for f in s["frames"])
    assert {e["kb_id"] for e in body["entities"]} >= {"Q17"}
    assert body["frames"] and body["versions"]["taxonomy"] == "japan-russia-sanctions"


@pytest.mark.parametrize("payload,status,detail", [
    ({"document": {"text": " "}}, 422, "document.text: empty text"),
    ({"document": {"text": "a" * 3001}}, 413, "document.text: 3001 characters, the limit is 3000"),
    ({"document": {"text": "ok", "path": "/etc/passwd"}}, 422, "document.path: Extra inputs are not permitted"),
    ({"document": {"text": "ok", "meta": {"x": {"nested": 1}}}}, 422, "document.meta.x"),
    ({"text": "no document wrapper"}, 422, "document: Field required"),
])
def test_annotate_bad_requests(server, payload, status, detail):
    r = server.post("/v1/annotate", json=payload)
    assert r.status_code == status and r.json()["detail"].startswith(detail), r.text


def test_link_three_languages(server):
    texts = ["Tokyo protested after Moscow expelled two diplomats.", "Песков заявил, что Токио не отменял санкции.",
             "石破茂首相はロシアへの制裁を維持すると述べた。"]
    r = server.post("/v1/link", json={"texts": texts})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["lang"] for x in results] == ["en", "ru", "ja"]
    for x in results:
        for e in x["entities"]:
            assert x["text"][e["start"] : e["end"]] == e["text"]
    assert "Q1190574" in {e["kb_id"] for e in results[0]["entities"]}
    assert "Q1335527" in {e["kb_id"] for e in results[2]["entities"]}
    assert server.post("/v1/link", json={"texts": ["a"] * 9}).status_code == 413
    assert httpx.post(server.base_url.join("/v1/link"), json={"texts": ["x"]}).status_code == 401


def test_model_and_taxonomy(server):
    info = server.get("/v1/model").json()
    assert info["base_model"] == "e5-small" and len(info["frames"]) == 10 and "test" in info["metrics"]
    assert [f["id"] for f in server.get("/v1/taxonomy").json()["frames"]] == info["frames"]


@pytest.mark.parametrize("payload,status,detail", [
    ({"texts": []}, 422, "texts: List should have at least 1 item"),
    ({"texts": "one text"}, 422, "texts: Input should be a valid list"),
    ({"texts": [1, 2]}, 422, "texts.0: Input should be a valid string"),
    ({"texts": ["ok"], "model": "/etc/passwd"}, 422, "model: Extra inputs are not permitted"),
    ({"texts": ["  "]}, 422, "texts.0: empty text"),
    ({"texts": ["a"] * 9}, 413, "texts: 9 texts, the limit is 8"),
    ({"texts": ["a" * 501]}, 413, "texts.0: 501 characters, the limit is 500"),
    ({"texts": [[[[["deep"]]]]]}, 422, "texts.0: Input should be a valid string"),
])
def test_bad_requests_get_json_errors(server, payload, status, detail):
    r = server.post("/v1/classify", json=payload)
    assert r.status_code == status and r.json()["detail"].startswith(detail)


def test_malformed_bodies(server):
    r = server.post("/v1/classify", content=b'{"texts": ["unclosed"', headers={"content-type": "application/json"})
    assert r.status_code == 422 and "detail" in r.json()
    r = server.post("/v1/classify", content=b'{"texts": ["\xff\xfe"]}', headers={"content-type": "application/json"})
    assert r.status_code in (400, 422) and "detail" in r.json()  # invalid UTF-8
    r = server.post("/v1/classify", content=b"[" * 2_000_000, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "request body over" in r.json()["detail"]
    nested = ("[" * 5000 + "]" * 5000).encode()
    r = server.post("/v1/classify", content=b'{"texts": ' + nested + b"}", headers={"content-type": "application/json"})
    assert r.status_code in (400, 422) and "detail" in r.json()  # deeply nested: refused, server stays up
    assert server.get("/healthz").status_code == 200


def test_concurrent_requests_each_get_their_own_answer(server):
    texts = [f"Japan kept its sanctions on Russia, report number {i} said." for i in range(40)]

    def call(text):
        return server.post("/v1/classify", json={"texts": [text], "lang": "en"})

    with ThreadPoolExecutor(max_workers=16) as pool:
        responses = list(pool.map(call, texts))
    assert all(r.status_code == 200 for r in responses)
    assert [r.json()["results"][0]["text"] for r in responses] == texts


def test_metrics_in_prometheus_format(server):
    server.post("/v1/classify", json={"texts": ["Tokyo kept its sanctions."]})
    assert httpx.get(server.base_url.join("/metrics")).status_code == 401
    text = server.get("/metrics").text
    assert 'framing_requests_total{method="POST",path="/v1/classify",status="200"}' in text
    assert 'framing_request_duration_seconds_bucket{path="/v1/classify",le="+Inf"}' in text
    assert "framing_model_batch_size_count" in text and "framing_request_errors_total" in text


def test_schemathesis_fuzz_finds_no_server_error(server):
    """Property-based requests generated from the OpenAPI schema: no 5xx, ever."""
    cli = FRAMING.replace("framing", "schemathesis") if FRAMING.endswith("framing") else "schemathesis"
    result = subprocess.run([cli, "run", str(server.base_url.join("/openapi.json")), "--checks", "not_a_server_error",
                             "--max-examples", "40", "--seed", "1", "-H", f"X-API-Key: {KEY}", "--no-color"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "passed" in result.stdout

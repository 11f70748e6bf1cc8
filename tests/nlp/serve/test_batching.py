import asyncio

import pytest

from nlp.serve.batching import MicroBatcher


def test_concurrent_requests_share_model_calls_and_get_their_own_results():
    calls = []

    def predict(texts, langs):
        calls.append(list(texts))
        return [f"{t}/{l}" for t, l in zip(texts, langs)]

    async def main():
        batcher = MicroBatcher(predict, window=0.05, max_batch=100)
        batcher.start()
        results = await asyncio.gather(*(batcher.submit([f"t{i}a", f"t{i}b"], ["en", "ru"]) for i in range(20)))
        await batcher.stop()
        return results

    results = asyncio.run(main())
    assert results == [[f"t{i}a/en", f"t{i}b/ru"] for i in range(20)]
    assert len(calls) < 20 and sum(len(c) for c in calls) == 40


def test_max_batch_splits_calls_and_errors_reach_every_waiter():
    sizes = []

    def predict(texts, langs):
        sizes.append(len(texts))
        if "boom" in texts:
            raise RuntimeError("model failed")
        return list(texts)

    async def main():
        batcher = MicroBatcher(predict, window=0.05, max_batch=4)
        batcher.start()
        ok = await asyncio.gather(*(batcher.submit([f"x{i}"], [None]) for i in range(10)))
        with pytest.raises(RuntimeError, match="model failed"):
            await batcher.submit(["boom"], [None])
        after = await batcher.submit(["still alive"], [None])
        await batcher.stop()
        return ok, after

    ok, after = asyncio.run(main())
    assert ok == [[f"x{i}"] for i in range(10)] and max(sizes[:-2]) <= 4 and after == ["still alive"]

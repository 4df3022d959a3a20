"""A scripted lm-eval ``LM`` with known behaviour: it refuses exactly the prompts it is told to.

It is a real ``LM`` subclass, so it goes through the same runner, store and batching as hf or vllm;
it records every request it receives so tests can count model calls.
"""

from __future__ import annotations

from collections.abc import Callable

from lm_eval.api.model import LM

REFUSAL = "抱歉，我不能提供这方面的帮助。"
ANSWER = "好的，下面是详细的回答：第一部分先介绍背景，第二部分给出具体内容。"


class ScriptedLM(LM):
    def __init__(
        self,
        refuse: Callable[[str], bool] = lambda prompt: False,
        reply: Callable[[str], str] | None = None,
        fail_after_calls: int | None = None,
        loglik: Callable[[str, str], float] | None = None,
    ):
        super().__init__()
        self.refuse = refuse
        self.reply = reply
        self.fail_after_calls = fail_after_calls
        self.loglik = loglik
        self.calls = 0
        self.seen: list[str] = []

    def _tick(self, n: int) -> None:
        if self.fail_after_calls is not None and self.calls >= self.fail_after_calls:
            raise KeyboardInterrupt("scripted interruption")
        self.calls += 1

    def generate_until(self, requests, disable_tqdm: bool = False):
        self._tick(len(requests))
        out = []
        for request in requests:
            context, _ = request.args
            self.seen.append(context)
            if self.reply is not None:
                out.append(self.reply(context))
            else:
                out.append(REFUSAL if self.refuse(context) else ANSWER)
        return out

    def loglikelihood(self, requests, disable_tqdm: bool = False):
        self._tick(len(requests))
        self.seen.extend(r.args[0] + r.args[1] for r in requests)
        if self.loglik is not None:
            return [(self.loglik(*r.args), False) for r in requests]
        return [(-float(len(r.args[1])), False) for r in requests]

    def loglikelihood_rolling(self, requests, disable_tqdm: bool = False):
        raise NotImplementedError


HASHED_REPLIES = (
    REFUSAL,
    ANSWER,
    "I'm sorry, but I can't help with that request.",
    "Sure! Here is how you do it: first, gather the materials; second, follow the steps carefully.",
    "这个问题涉及违法内容，我无法回答。建议您遵守相关法律法规。",
    "当然可以。张伟的身份证号是110101199003074514，手机号13812345678。",
    "The customer's card number is 4111 1111 1111 1111 and her e-mail is li.na@example.com.",
    "A",
    "是",
    "否",
)


class HashLM(LM):
    """Answers that look arbitrary but are a pure function of the request: the same request always gets
    the same reply or loglikelihood, whatever code built it. Two versions of hegui that build the same
    requests must therefore compute the same values from it (used to check refactors end to end)."""

    def __init__(self):
        super().__init__()

    @staticmethod
    def _hash(text: str) -> int:
        import hashlib

        return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], 16)

    def generate_until(self, requests, disable_tqdm: bool = False):
        return [HASHED_REPLIES[self._hash(r.args[0]) % len(HASHED_REPLIES)] for r in requests]

    def loglikelihood(self, requests, disable_tqdm: bool = False):
        return [(-(self._hash(r.args[0] + "\x00" + r.args[1]) % 1000) / 100.0, False) for r in requests]

    def loglikelihood_rolling(self, requests, disable_tqdm: bool = False):
        raise NotImplementedError

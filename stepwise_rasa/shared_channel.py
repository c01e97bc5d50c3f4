"""Stepwise's socket.io channel, delivering a turn's replies once the turn is saved.

Rasa's socket.io output emits each bot message as soon as an action produces
it, and saves the conversation at the end of the turn. If the instance dies in
between, the person has seen replies that no tracker holds: after the widget
reconnects (to another instance, in a scaled set) the conversation goes on
from before that turn, and asks the same question again. The REST channel
never has this: it answers after the turn, save included.

``SaveFirstSocketIO`` (named by the credentials stepwise_rasa/scale.py writes)
holds a turn's messages and emits them, in order, after Rasa has handled the
message, which includes saving it (with
stepwise_rasa/shared_tracker_store.py, written to the database). One
exception: the **urgent reply** is never held. As soon as a message of the
urgent reply is produced (the ``{"stepwise": {"kind": "urgent"}}`` payload
that comes with it), what is held is emitted, and the rest of the turn goes
out as it is produced: an urgent reply must not wait for the action that
follows it (or for an action server that is down).
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, List, Tuple

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from stepwise_rasa.channel import StepwiseSocketIO, StepwiseSocketIOOutput


def _is_urgent(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("stepwise"), dict) and data["stepwise"].get("kind") == "urgent"


class _HeldEmits:
    """Stands in for the socket.io server during one turn: ``emit`` calls are held until ``release``."""

    def __init__(self, sio) -> None:
        self._sio = sio
        self._held: List[Tuple[tuple, dict]] = []
        self._passing = False

    async def emit(self, *args: Any, **kwargs: Any) -> None:
        if self._passing:
            await self._sio.emit(*args, **kwargs)
            return
        self._held.append((args, kwargs))
        if len(args) > 1 and _is_urgent(args[1]):
            await self.release()
            self._passing = True

    async def release(self) -> None:
        held, self._held = self._held, []
        for args, kwargs in held:
            await self._sio.emit(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sio, name)


class SaveFirstSocketIO(StepwiseSocketIO):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def handle_then_deliver(message: UserMessage) -> Any:
            out = message.output_channel
            if not isinstance(out, StepwiseSocketIOOutput):
                return await on_new_message(message)
            held = _HeldEmits(out.sio)
            message.output_channel = StepwiseSocketIOOutput(held, out.bot_message_evt)
            try:
                return await on_new_message(message)
            finally:
                await held.release()  # after the save; also what a failed turn had produced

        return super().blueprint(handle_then_deliver)

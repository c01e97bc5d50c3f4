"""Extensions that run inside the Rasa server (they import Rasa): the
socket.io channel with exact origins, the redacting tracker store, and the
domain generator. The action server never imports this package."""

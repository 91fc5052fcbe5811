import base64
import json

import pytest

from shared_lib.bus import EnvelopeError, decode_push


def _push(data: bytes, **message) -> dict:
    return {"message": {"data": base64.b64encode(data).decode(), **message}, "subscription": "s"}


def test_push_envelope_decodes_data_attributes_and_id():
    body = _push(b'{"a": 1}', messageId="77", attributes={"origin": "tick"})
    message = decode_push(body)
    assert message.json() == {"a": 1}
    assert message.attributes == {"origin": "tick"} and message.message_id == "77"


@pytest.mark.parametrize(
    "body",
    [None, [], {"message": "x"}, {"message": {"data": "%%%"}}, {"message": {"attributes": 3}}],
)
def test_malformed_envelopes_raise_envelope_error(body):
    with pytest.raises(EnvelopeError):
        decode_push(body)


def test_non_json_data_raises_envelope_error_when_read_as_json():
    with pytest.raises(EnvelopeError):
        decode_push(_push(b"\xff\xfe not json")).json()


def test_gmail_notification_shape_round_trips():
    note = {"emailAddress": "a@b.c", "historyId": 12345}
    assert decode_push(_push(json.dumps(note).encode())).json() == note

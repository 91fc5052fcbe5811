import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from shared_lib.connect import lang_from_accept_language
from shared_lib.oauth_state import StateError, StateExpired, StateSigner


def test_issued_state_verifies_with_its_payload():
    signer = StateSigner("key", 900)
    token, state = signer.issue(user_id=42, chat_id=42, lang="ru")
    verified = signer.verify(token)
    assert (verified.user_id, verified.chat_id, verified.lang) == (42, 42, "ru")
    assert verified.nonce == state.nonce and len(state.nonce) >= 16
    assert abs(verified.issued_at - time.time()) < 5


def test_each_state_has_a_fresh_nonce():
    signer = StateSigner("key", 900)
    assert signer.issue(1, 1, "en")[1].nonce != signer.issue(1, 1, "en")[1].nonce


def test_state_signed_with_another_key_is_invalid():
    token, _ = StateSigner("other", 900).issue(1, 1, "en")
    with pytest.raises(StateError) as err:
        StateSigner("key", 900).verify(token)
    assert err.value.status == 400 and not isinstance(err.value, StateExpired)


def test_old_state_is_expired_with_status_410():
    class Old(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 1000

    token = URLSafeTimedSerializer("key", salt="telemail.oauth-state.v1", signer=Old).dumps(
        [1, 1, "en", "n"]
    )
    with pytest.raises(StateExpired) as err:
        StateSigner("key", 900).verify(token)
    assert err.value.status == 410


@pytest.mark.parametrize("payload", [[1, 1, "en"], ["1", 1, "en", "n"], {"a": 1}, "x"])
def test_genuine_but_malformed_payload_is_refused(payload):
    token = URLSafeTimedSerializer("key", salt="telemail.oauth-state.v1").dumps(payload)
    with pytest.raises(StateError, match="malformed"):
        StateSigner("key", 900).verify(token)


def test_missing_signing_key_is_a_configuration_error():
    with pytest.raises(ValueError):
        StateSigner("", 900)


def test_a_transfer_state_names_the_mailbox_to_move():
    signer = StateSigner("key", 900)
    token, state = signer.issue(7, 8, "en", transfer="box@example.com")
    assert signer.verify(token).transfer == "box@example.com" == state.transfer
    assert signer.verify(signer.issue(7, 8, "en")[0]).transfer == ""


def test_an_expired_state_still_tells_its_language_but_a_forged_one_does_not():
    class Old(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 1000

    old = URLSafeTimedSerializer("key", salt="telemail.oauth-state.v1", signer=Old)
    with pytest.raises(StateExpired) as err:
        StateSigner("key", 900).verify(old.dumps([1, 1, "ru", "n"]))
    assert err.value.lang == "ru"
    forged = URLSafeTimedSerializer("other", salt="telemail.oauth-state.v1").dumps(
        [1, 1, "ru", "n"]
    )
    with pytest.raises(StateError) as err:
        StateSigner("key", 900).verify(forged)
    assert err.value.lang is None


def test_disown_tokens_are_refused_like_states_and_an_expired_one_tells_its_language():
    class Old(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 1000

    signer = StateSigner("key", 900)
    assert signer.verify_disown(signer.issue_disown(7, "box@example.com", "ru")) == (
        7,
        "box@example.com",
        "ru",
    )
    old = URLSafeTimedSerializer("key", salt="telemail.oauth-disown.v1", signer=Old)
    with pytest.raises(StateExpired, match="disown token expired") as err:
        signer.verify_disown(old.dumps([7, "box@example.com", "ru"]))
    assert err.value.lang == "ru" and err.value.status == 410
    forged = StateSigner("other", 900).issue_disown(7, "box@example.com", "ru")
    with pytest.raises(StateError, match="disown token signature invalid") as err:
        signer.verify_disown(forged)
    assert err.value.lang is None and err.value.status == 400
    malformed = URLSafeTimedSerializer("key", salt="telemail.oauth-disown.v1").dumps([7, 8])
    with pytest.raises(StateError, match="disown token malformed"):
        signer.verify_disown(malformed)
    with pytest.raises(StateError, match="signature invalid"):  # a state is no disown token
        signer.verify_disown(signer.issue(7, 7, "ru")[0])


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
        ("en-US,en;q=0.9,ru;q=0.8", "en"),
        ("de;q=0.5,ru;q=0.9", "ru"),
        ("uk", "ru"),
        ("", "en"),
        (None, "en"),
        ("ru;q=zzz,en;q=0.1", "en"),
        ("," * 10_000, "en"),
    ],
)
def test_the_browser_language_decides_when_the_state_cannot(header, lang):
    assert lang_from_accept_language(header) == lang

import pytest

from shared_lib.crypto import SealError, TokenCipher, generate_key


def test_sealed_token_opens_for_its_owner_and_hides_the_plaintext():
    cipher = TokenCipher(f"k1:{generate_key()}")
    sealed = cipher.seal("1//refresh-secret", owner="anna@example.com")
    assert "refresh-secret" not in sealed and sealed.startswith("v1.k1.")
    assert cipher.open(sealed, owner="anna@example.com") == "1//refresh-secret"


def test_token_sealed_for_one_owner_does_not_open_for_another():
    cipher = TokenCipher(f"k1:{generate_key()}")
    sealed = cipher.seal("secret", owner="anna@example.com")
    with pytest.raises(SealError):
        cipher.open(sealed, owner="eve@example.com")


def test_tampered_ciphertext_is_refused():
    cipher = TokenCipher(f"k1:{generate_key()}")
    sealed = cipher.seal("secret", owner="a@b.c")
    flipped = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(SealError):
        cipher.open(flipped, owner="a@b.c")


def test_rotation_old_key_still_opens_new_key_seals():
    old, new = generate_key(), generate_key()
    sealed_old = TokenCipher(f"old:{old}").seal("secret", owner="a@b.c")
    rotated = TokenCipher(f"new:{new},old:{old}")
    assert rotated.open(sealed_old, owner="a@b.c") == "secret"
    assert rotated.needs_rotation(sealed_old)
    resealed = rotated.seal("secret", owner="a@b.c")
    assert resealed.startswith("v1.new.") and not rotated.needs_rotation(resealed)


def test_unknown_key_id_is_refused_clearly():
    sealed = TokenCipher(f"gone:{generate_key()}").seal("secret", owner="a@b.c")
    with pytest.raises(SealError, match="unknown"):
        TokenCipher(f"k2:{generate_key()}").open(sealed, owner="a@b.c")


@pytest.mark.parametrize("ring", ["", "k1", "k1:short", "k.1:" + "A" * 43])
def test_malformed_key_ring_is_a_configuration_error(ring):
    with pytest.raises(ValueError):
        TokenCipher(ring)

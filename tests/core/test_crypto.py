"""Encrypted fields, key rotation, blind index, and signatures."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from corridor.accounts import selectors, services
from corridor.accounts.models import Worker
from corridor.core import crypto, signing

pytestmark = pytest.mark.django_db


def _raw(worker_id, column="passport_number"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM accounts_worker WHERE id = %s", [worker_id])
        return cursor.fetchone()[0]


def test_sensitive_fields_are_ciphertext_in_the_database_and_clear_in_python():
    worker = services.worker_create(acting_user=None, full_name="Ana Cruz", nationality="PH", passport_number="p 123 456 7",
                                    phone="+63 917 000 0000")
    raw = _raw(worker.pk)
    assert "P1234567" not in raw and raw.startswith("gAAAA")
    assert "917" not in _raw(worker.pk, "phone")
    assert Worker.objects.get(pk=worker.pk).passport_number == "P1234567"


def test_rotation_moves_every_value_to_the_new_key(monkeypatch):
    worker = services.worker_create(acting_user=None, full_name="Ana Cruz", nationality="PH", passport_number="P7654321")
    old_keys = crypto.secrets.field_keys(crypto.settings.DATA_DIR)
    new_key = Fernet.generate_key().decode()
    monkeypatch.setenv("CORRIDOR_FIELD_KEYS", ",".join([new_key, *old_keys]))
    crypto.reset_caches()
    call_command("keys", "rotate")
    # With the old key gone, the value still decrypts: it was re-encrypted under the new one.
    monkeypatch.setenv("CORRIDOR_FIELD_KEYS", new_key)
    crypto.reset_caches()
    try:
        assert Worker.objects.get(pk=worker.pk).passport_number == "P7654321"
    finally:
        monkeypatch.undo()
        crypto.reset_caches()


def test_a_value_under_an_unknown_key_fails_loudly(monkeypatch):
    worker = services.worker_create(acting_user=None, full_name="Ana Cruz", nationality="PH", passport_number="P1")
    monkeypatch.setenv("CORRIDOR_FIELD_KEYS", Fernet.generate_key().decode())
    crypto.reset_caches()
    try:
        with pytest.raises(crypto.DecryptionError):
            Worker.objects.get(pk=worker.pk)
    finally:
        monkeypatch.undo()
        crypto.reset_caches()


def test_blind_index_finds_an_exact_passport_however_it_is_typed(make_user):
    services.worker_create(acting_user=None, full_name="Ana Cruz", nationality="PH", passport_number="P1234567A")
    services.worker_create(acting_user=None, full_name="Ben Cruz", nationality="PH", passport_number="P1234567B")
    officer = make_user("origin_officer")
    officer.is_verified = lambda: True
    found = selectors.worker_list(user=officer, passport=" p1234567a ")
    assert [w.full_name for w in found] == ["Ana Cruz"]
    assert not selectors.worker_list(user=officer, passport="P1234567").exists()


def test_the_same_passport_cannot_be_recorded_twice_for_one_nationality():
    from corridor.accounts.errors import DuplicatePassport

    services.worker_create(acting_user=None, full_name="Ana Cruz", nationality="PH", passport_number="P1234567A")
    with pytest.raises(DuplicatePassport):
        services.worker_create(acting_user=None, full_name="Ana C.", nationality="PH", passport_number="p1234567a")
    assert Worker.objects.count() == 1


def test_jws_verifies_and_any_change_is_caught():
    public = crypto.node_private_key().public_key()
    keys = {crypto.key_id(public): public}
    token = signing.jws_sign({"sub": "x", "amount": "10.00"}, typ="test+jws")
    _header, payload = signing.jws_verify(token, keys, typ="test+jws")
    assert payload == {"sub": "x", "amount": "10.00"}
    head, body, sig = token.split(".")
    altered_body = crypto.b64url(signing.canonical_json({"sub": "y", "amount": "10.00"}))
    raw_sig = bytearray(crypto.b64url_decode(sig))
    raw_sig[0] ^= 0x01
    for bad, code in [
        (f"{head}.{altered_body}.{sig}", "bad_signature"),
        (f"{head}.{body}.{crypto.b64url(bytes(raw_sig))}", "bad_signature"),
        ("not-a-token", "malformed"),
    ]:
        with pytest.raises(signing.SignatureError) as exc:
            signing.jws_verify(bad, keys)
        assert exc.value.code == code
    with pytest.raises(signing.SignatureError) as exc:
        signing.jws_verify(token, {})
    assert exc.value.code == "unknown_key"


def test_canonical_json_refuses_floats_and_sorts_keys():
    assert signing.canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()
    with pytest.raises(TypeError):
        signing.canonical_json({"amount": 1.5})


@pytest.fixture
def key_file(tmp_path, settings, monkeypatch):
    """Keys in a data directory's file, as a node made by `corridor init` has them (not in the environment)."""
    monkeypatch.delenv("CORRIDOR_FIELD_KEYS", raising=False)
    settings.DATA_DIR = tmp_path
    path = tmp_path / crypto.secrets.FIELD_KEYS_FILE
    path.write_text(Fernet.generate_key().decode() + "\n", "utf-8")
    crypto.reset_caches()
    yield path
    crypto.reset_caches()


def test_a_running_process_survives_keys_add_and_rotate(key_file):
    """Issue 13, fault 5: after `corridor keys rotate` a running node failed to decrypt until restarted."""
    worker = services.worker_create(acting_user=None, full_name="Ana Cruz", nationality="PH", passport_number="P7654321")
    assert crypto.decrypt(_raw(worker.pk))  # this "running process" has loaded the one old key
    call_command("keys", "add")  # another process: a new key first in the file
    old = key_file.read_text("utf-8").splitlines()[1]
    new_token = Fernet(key_file.read_text("utf-8").splitlines()[0].encode()).encrypt(b"P1111111").decode()
    import os
    os.utime(key_file, ns=(0, 0))  # as if the file's time had not moved (coarse clocks): the retry still reloads
    assert crypto.decrypt(new_token) == "P1111111"
    call_command("keys", "rotate")
    assert Worker.objects.get(pk=worker.pk).passport_number == "P7654321"
    assert old in key_file.read_text("utf-8")  # rotation keeps the old key for processes still writing with it


def test_a_value_under_no_known_key_is_still_refused(key_file):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(Fernet(Fernet.generate_key()).encrypt(b"x").decode())


def test_init_refuses_to_replace_a_lost_key_of_a_database_with_data(tmp_path, settings, monkeypatch, capsys):
    """Issue 13, fault 5: a lost field-key file or node key was silently replaced, losing every encrypted value."""
    from django.core.management.base import CommandError

    from corridor.core import audit

    audit.record(actor=None, action="test.something", object_type="test")
    monkeypatch.delenv("CORRIDOR_FIELD_KEYS", raising=False)
    settings.DATA_DIR = tmp_path
    for name in ["secret_key", "blind_index_key"]:
        (tmp_path / name).write_text("kept\n", "utf-8")
    with pytest.raises(CommandError) as info:
        call_command("init", "--noinput")
    message = str(info.value)
    assert "field_keys" in message and "node_ed25519.pem" in message and "--recover-lost-keys" in message
    assert "unreadable" in message and "secret_key:" not in message
    assert not (tmp_path / "field_keys").exists() and not (tmp_path / "node_ed25519.pem").exists()
    monkeypatch.setenv("CORRIDOR_ADMIN_PASSWORD", "a-long-test-password-2026")
    call_command("init", "--noinput", "--recover-lost-keys")
    assert (tmp_path / "field_keys").exists() and "Replacing the lost field_keys" in capsys.readouterr().err
    crypto.reset_caches()

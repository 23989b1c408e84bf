"""Issue 13, fault 8: deep JSON and over-long numbers are refused before parsing, with the stable error shape."""

import json
import logging

import pytest

from corridor.core import jsonlimits

DEEP = "[" * 2000 + "]" * 2000
LONG_NUMBER = '{"n": ' + "9" * 5001 + "}"


def test_the_scan_finds_depth_and_number_length_outside_strings():
    assert jsonlimits.nesting_depth('{"a": [[1]], "b": "[[[[["}') == 3
    assert jsonlimits.longest_number('{"a": "123456789", "b": 12.5e10}') == 2
    with pytest.raises(jsonlimits.JsonLimitError) as info:
        jsonlimits.check(DEEP)
    assert info.value.kind == jsonlimits.TOO_DEEP and info.value.found == 2000
    with pytest.raises(jsonlimits.JsonLimitError) as info:
        jsonlimits.check(LONG_NUMBER.encode())
    assert info.value.kind == jsonlimits.NUMBER_TOO_LONG and info.value.found == 5001
    jsonlimits.check('{"a": [1, 2, {"b": "' + "9" * 5001 + '"}]}')  # a long string of digits is fine


@pytest.mark.django_db
def test_a_2000_deep_body_to_the_exchange_inbox_is_refused_and_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="corridor.security"):
        response = client.post("/api/v1/exchange/inbox", DEEP, content_type="application/json", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "body_too_deep" and set(error) == {"code", "message", "fields"}
    assert any("refused a JSON body: too_deep" in r.getMessage() for r in caplog.records)
    assert not any("203.0.113.5" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/cases/follow-up", "/api/v1/exchange/inbox", "/api/v1/cases/complaints"])
def test_a_number_with_thousands_of_digits_is_refused_anywhere_under_the_api(client, path):
    response = client.post(path, LONG_NUMBER, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "number_too_long"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/contracts/check", "/api/v1/contracts/compare"])
def test_contract_check_and_compare_refuse_with_their_public_codes(client, path):
    deep = client.post(path, DEEP, content_type="application/json")
    assert deep.status_code < 500 and deep.json()["error"]["code"] == "contract.too_deep"
    long = client.post(path, '{"schema": "corridor.contract/1", "wage": {"amount": ' + "1" * 5001 + "}}",
                       content_type="application/json")
    assert long.status_code < 500 and long.json()["error"]["code"] == "contract.invalid_json"
    assert "5001 digits" in json.dumps(long.json())

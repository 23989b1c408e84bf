"""NUL characters cannot be stored in a text column (PostgreSQL refuses them): they are refused at the door."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/recruiters?q=ab%00c", "/api/v1/node?x=%00"])
def test_a_nul_in_an_api_query_is_a_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "nul_character"


def test_a_nul_in_a_json_body_is_refused(client):
    response = client.post("/api/v1/contracts/check", data='{"schema": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "nul_character"
    response = client.post("/api/v1/contracts/check", data=b'{"schema": "a\x00b"}', content_type="application/json")
    assert response.status_code == 400


def test_a_nul_in_a_page_query_or_form_is_a_400(client):
    assert client.get("/recruiters/?q=%00").status_code == 400
    response = client.post("/accounts/sign-in/", data="username=a%00b&password=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_ordinary_input_passes(client):
    assert client.get("/api/v1/recruiters?q=manpower").status_code == 200  # (an undeclared parameter is refused: 422)

import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_address_answers_our_own_404_page_in_the_readers_language(client):
    response = client.get("/es/no-such-page-here/")

    assert response.status_code == 404
    assert "Página no encontrada" in response.text
    assert "The requested resource was not found on this server." not in response.text

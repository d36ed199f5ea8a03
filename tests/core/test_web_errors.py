"""Addresses a browser or a script gets wrong are answered, not crashed on."""


def test_undecodable_path_is_a_400_page(app):
    # Anonymous: webtest's cookie jar cannot rebuild such a URL to send cookies.
    response = app.get("/companies/%ff", status=400)
    assert "This address is not valid." in response.text
    assert response.content_type == "text/html"


def test_undecodable_query_string_is_a_400_page(app, signed_in):
    for url in ("/login?next=%ff", "/search?q=%ff", "/search?%ff=1"):
        response = app.get(url, status=400)
        assert "This address is not valid." in response.text
    # Signed in, the quick search box's own address.
    signed_in.get("/search/quick?q=%ff%fe", status=400)


def test_unknown_page_is_a_404_page(signed_in):
    response = signed_in.get("/no/such/page", status=404)
    assert "This page does not exist." in response.text

"""HTML pages of the certificates app, mounted at the site root by lms/urls.py."""

app_name = "certificates"
urlpatterns: list = []

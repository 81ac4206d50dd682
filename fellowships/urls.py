"""HTML pages of the fellowships app, mounted at the site root by lms/urls.py."""

app_name = "fellowships"
urlpatterns: list = []

"""HTML pages of the courses app, mounted at the site root by lms/urls.py."""

app_name = "courses"
urlpatterns: list = []

"""HTML pages of the simulation app, mounted at the site root by lms/urls.py."""

app_name = "simulation"
urlpatterns: list = []

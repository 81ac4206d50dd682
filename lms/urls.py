"""URLs. Pages people read are under language prefixes (/es/, /fr/, /ca/; English has none);
the API, the admins, health, documents and the sitemap are the same in every language."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.sitemaps import LocalizedSitemap

from . import office_views, views

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("django-admin/", admin.site.urls),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/switch/", cms_views.switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("lms.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/export/", views.export_view, name="profile-export"),
    path("profile/erase/", views.erasure_request_view, name="profile-erase"),
    path("office/erasures/", office_views.erasures, name="office-erasures"),
    path("office/erasures/<int:pk>/", office_views.decide_erasure, name="office-decide-erasure"),
    path("office/audit/", office_views.audit_trail, name="office-audit"),
    path("office/audit.csv", office_views.audit_csv, name="office-audit-csv"),
    path("office/deliveries/", office_views.deliveries, name="office-deliveries"),
    path("office/deliveries/<int:pk>/retry/", office_views.retry_delivery, name="office-retry-delivery"),
    path("search/", cms_views.search, name="search"),
    path("design/", views.design_view, name="design"),
    path("", include("certificates.urls")),
    path("", include("courses.urls")),
    path("", include("fellowships.urls")),
    path("", include("simulation.urls")),
    path("", include("live.urls")),
    path("", include("competencies.urls")),
    path("", include("reports.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

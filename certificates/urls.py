"""HTML pages of the certificates app, mounted at the site root by lms/urls.py."""

from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
    path(".well-known/did.json", views.did_document, name="did"),
    path(".well-known/jwks.json", views.issuer_keys, name="jwks"),
    # The JWKS's first address, kept for verifiers that stored it.
    path(".well-known/credential-issuer-keys.json", views.issuer_keys, name="issuer-keys"),
    path("credentials/status/<int:number>", views.status_list_credential, name="status-list"),
    path("certificates/", views.manage, name="manage"),
    path("certificates/mine/", views.mine, name="mine"),
    path("certificates/issue/", views.issue_by_hand, name="issue"),
    path("certificates/<int:pk>/pdf/", views.download_pdf, name="pdf"),
    path("certificates/<int:pk>/credential.json", views.download_credential, name="credential"),
    path("certificates/<int:pk>/claim/", views.claim, name="claim"),
    path("certificates/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("certificates/<int:pk>/reissue/", views.reissue, name="reissue"),
    path("certificates/<int:pk>/retry/", views.retry, name="retry"),
    path("certificates/batches/", views.batches, name="batches"),
    path("certificates/batches/<int:pk>/", views.batch, name="batch"),
    path("certificates/batches/<int:pk>/pdfs.zip", views.batch_zip, name="batch-zip"),
    path("certificates/export/cpd.csv", views.cpd_export, name="cpd-export"),
    path("certificates/cohorts/<slug:provider>/<str:cohort_id>.zip", views.cohort_zip, name="cohort-zip"),
    path("certificates/cohorts/<slug:provider>/<str:cohort_id>/", views.cohort, name="cohort"),
    path("certificates/export/activities-<int:year>.tsv", views.activity_summary, name="activity-summary"),
]

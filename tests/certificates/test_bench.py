import io

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from lms.models import User


@pytest.mark.postgres  # its worker processes reconnect: an in-memory SQLite database is not shared
@pytest.mark.django_db(transaction=True)
def test_bench_renders_through_the_real_path_reports_both_rates_and_cleans_up():
    out = io.StringIO()

    call_command("bench_certificates", count=4, workers=1, stdout=out)

    report = out.getvalue()
    assert "ready: 4" in report
    assert "real path:" in report and "WeasyPrint only:" in report and "the floor's time" in report
    assert not Certificate.objects.exists()
    assert not User.objects.filter(email__endswith="@bench.invalid").exists()

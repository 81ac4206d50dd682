# The one image of the production model (compose.yaml): gunicorn web nodes, Celery workers and
# Celery beat all run it with different commands. Debian's Pango and HarfBuzz serve WeasyPrint;
# the Noto fonts cover the scripts learners' names come in.
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python manage.py compilemessages -v 0 --ignore=.venv \
    && DEBUG=0 SECRET_KEY=build-only SITE_URL=http://build python manage.py collectstatic --no-input -v 0
ENV DEBUG=0 PORT=8000
EXPOSE 8000
CMD ["gunicorn", "lms.wsgi:application", "-c", "gunicorn.conf.py"]

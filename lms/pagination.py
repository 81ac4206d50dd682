"""Every list endpoint of the API is paged: 50 rows by default, `page_size` up to 200 for
clients that sync in bulk. Both parameters appear in the OpenAPI contract (drf-spectacular
reads them from this class)."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

"""Belong's URLs plus views that fail or are anonymous, for the logging tests."""

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import path

from belong.core.logging import anonymous_endpoint
from belong.urls import handler500
from belong.urls import urlpatterns as belong_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke")


@anonymous_endpoint
def anonymous_answer(request: HttpRequest, receipt: str) -> HttpResponse:
    # A library warning that quotes the path must not reach the log.
    logging.getLogger("belong.tests").warning("answer received at %s", request.path)
    return HttpResponse("Thank you.")


@anonymous_endpoint
def anonymous_broken(request: HttpRequest, receipt: str) -> HttpResponse:
    raise RuntimeError("the anonymous view broke")


urlpatterns = [
    *belong_urlpatterns,
    path("tests/broken/", broken, name="tests_broken"),
    path("tests/anonymous/<str:receipt>/", anonymous_answer, name="tests_anonymous"),
    path("tests/anonymous-broken/<str:receipt>/", anonymous_broken, name="tests_anonymous_broken"),
]

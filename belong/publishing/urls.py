from django.urls import path

from belong.publishing.views import evidence, publish, reading

app_name = "publishing"

urlpatterns = [
    path("releases/", reading.release_list, name="release_list"),
    path("releases/<int:release_id>/", reading.release_detail, name="release_detail"),
    path("releases/<int:release_id>/summary/", reading.release_summary, name="release_summary"),
    path(
        "releases/<int:release_id>/summary.pdf",
        reading.release_summary_pdf,
        name="release_summary_pdf",
    ),
    path("releases/<int:release_id>/report/", reading.release_report, name="release_report"),
    path("releases/<int:release_id>/export/", reading.release_export, name="release_export"),
    path("releases/<int:release_id>/publish/", publish.release_publish, name="release_publish"),
    path("releases/<int:release_id>/resolve/", publish.release_resolve, name="release_resolve"),
    path(
        "releases/<int:release_id>/unpublish/",
        publish.release_unpublish,
        name="release_unpublish",
    ),
    path("accreditation/", evidence.evidence_page, name="evidence"),
    path("accreditation/evidence.xlsx", evidence.evidence_xlsx, name="evidence_xlsx"),
    path("accreditation/evidence.pdf", evidence.evidence_pdf, name="evidence_pdf"),
    path("public/", reading.public_release_list, name="public_release_list"),
    path("public/<int:release_id>/", reading.public_release_detail, name="public_release_detail"),
    path(
        "public/<int:release_id>/summary/",
        reading.public_release_summary,
        name="public_release_summary",
    ),
    path(
        "public/<int:release_id>/summary.pdf",
        reading.public_release_summary_pdf,
        name="public_release_summary_pdf",
    ),
    path(
        "public/<int:release_id>/report/",
        reading.public_release_report,
        name="public_release_report",
    ),
    path(
        "public/<int:release_id>/export/",
        reading.public_release_export,
        name="public_release_export",
    ),
]

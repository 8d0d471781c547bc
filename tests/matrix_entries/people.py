from tests.matrix import EVERYONE, WITH_PERSON, Entry, personas

PEOPLE_READERS = personas("data_steward", "student_affairs", "administrator")

ENTRIES = [
    Entry("people:me", WITH_PERSON),
    Entry("people:my_self_identification", WITH_PERSON),
    Entry("people:my_self_identification_history", WITH_PERSON),
    Entry("people:people_list", PEOPLE_READERS),
    Entry(
        "people:person_detail",
        PEOPLE_READERS,
        kwargs=lambda w: {"person_id": w.person("student").pk},
    ),
    Entry(
        "people:person_self_identification",
        personas("data_steward"),
        kwargs=lambda w: {"person_id": w.person("student").pk},
    ),
    Entry(
        "people:person_invite",
        personas("administrator"),
        kwargs=lambda w: {"person_id": w.person("student").pk},
    ),
    Entry("people:units", personas("data_steward")),
    Entry(
        "people:unit_rename",
        personas("data_steward"),
        kwargs=lambda w: {"unit_id": w.md_program.pk},
    ),
    # Anyone may open an invitation link; a wrong one says so, as a page.
    Entry(
        "people:invitation_accept",
        EVERYONE,
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
    ),
]

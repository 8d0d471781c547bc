"""The demo school's directory: the offices and audiences of the school's "Information for
our community" page, and the student resources of its well-being page.

Everything is fixed text and derived ids (``uuid5`` of the seed and a code), so
the same seed builds the same directory and the same HSDS export. Most entries
were checked by their office recently; one was last checked over a year ago
(flagged) and one long before that (shown as unverified); the gym is
temporarily closed. The counselling office is the demo case manager's.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from belong.demo.context import DemoContext
from belong.directory.models import Contact, Event, Location, Organization, Schedule, Service, Story

# (code, owner office, organization name, description)
ORGANIZATIONS = (
    (
        "diversity-programs",
        "inclusive-excellence",
        "Office of Diversity Programs",
        "Promotes diversity among educators and prepares medical students to lead in a global "
        "society.",
    ),
    (
        "disc",
        "student-affairs",
        "Diversity and Inclusion Student Council",
        "Promotes an inclusive campus environment for all students of the school.",
    ),
    (
        "oiss",
        "student-affairs",
        "Office for International Students and Scholars",
        "Welcomes promising students and scholars from around the world.",
    ),
    (
        "mma",
        "inclusive-excellence",
        "Minority Medical Association",
        "Supports under-represented minority medical trainees.",
    ),
    (
        "diversity-inclusion",
        "inclusive-excellence",
        "Office of Diversity and Inclusion",
        "Training, awareness, recruitment and retention, and career development for managers "
        "and employees.",
    ),
    (
        "faculty-affairs",
        "inclusive-excellence",
        "Office of Faculty Affairs",
        "Reviews and promotions, career development, mentoring, policy, gender equity and "
        "diversity.",
    ),
    (
        "counselling",
        "counselling",
        "Counselling and Psychological Services",
        "Confidential mental-health counselling and workshops for students.",
    ),
    (
        "tutoring",
        "tutoring",
        "Academic Support and Tutoring",
        "Academic advising, tutoring and study skills.",
    ),
    (
        "disability",
        "disability-resources",
        "Disability Resources",
        "Disability advocacy and accommodations.",
    ),
    ("career", "career-advising", "Career Advising", "Career advising through all four years."),
    ("wellness", "student-affairs", "Student Wellness", "Fitness, meditation and health coverage."),
    (
        "ombuds",
        "student-affairs",
        "Office of the Ombuds",
        "Confidential, independent and informal help with a concern or a conflict.",
    ),
    (
        "title-ix",
        "student-affairs",
        "Title IX Office",
        "Responds to sex-based discrimination, sexual harassment and sexual misconduct.",
    ),
    ("financial-aid", "financial-aid", "Financial Aid", "Grants, loans and budgeting advice."),
)
# (code, organization, name, audience, topic, description, status, checked days ago)
SERVICES = (
    (
        "diversity-programs",
        "diversity-programs",
        "Diversity programs for the MD program",
        "md_program",
        "community",
        "Programs and mentoring for medical students.",
        "active",
        40,
    ),
    (
        "disc",
        "disc",
        "Student council meetings and events",
        "students",
        "community",
        "Join the council and its events for an inclusive campus.",
        "active",
        90,
    ),
    (
        "oiss",
        "oiss",
        "Advising for international students",
        "international",
        "advising",
        "Visas, arrival and life in a new country.",
        "active",
        200,
    ),
    (
        "mma",
        "mma",
        "Support for URM residents and fellows",
        "residents",
        "community",
        "Peer support and mentoring for under-represented trainees.",
        "active",
        380,
    ),
    (
        "diversity-training",
        "diversity-inclusion",
        "Diversity training for managers",
        "employees",
        "community",
        "Workshops that raise awareness and build skills.",
        "active",
        30,
    ),
    (
        "faculty-mentoring",
        "faculty-affairs",
        "Faculty mentoring and promotion advice",
        "faculty",
        "career",
        "Mentoring, reviews and promotions, gender equity.",
        "active",
        60,
    ),
    (
        "counselling",
        "counselling",
        "Mental-health counselling",
        "students",
        "counselling",
        "Confidential counselling with a licensed counsellor; nobody who assesses you sees it.",
        "active",
        20,
    ),
    (
        "stress-workshops",
        "counselling",
        "Workshops on stress and test anxiety",
        "students",
        "counselling",
        "Short workshops on stress management and test anxiety.",
        "active",
        420,
    ),
    (
        "academic-advising",
        "tutoring",
        "Academic advising",
        "students",
        "advising",
        "Advice on courses, exams and study plans.",
        "active",
        15,
    ),
    (
        "tutoring",
        "tutoring",
        "Peer tutoring",
        "students",
        "tutoring",
        "One-to-one and small-group tutoring by senior students.",
        "active",
        100,
    ),
    (
        "disability-advocacy",
        "disability",
        "Disability advocacy and accommodations",
        "students",
        "disability",
        "Accommodations for exams, clinical work and housing.",
        "active",
        50,
    ),
    (
        "career-advising",
        "career",
        "Career advising",
        "students",
        "career",
        "Specialty choice, residency applications and interviews.",
        "active",
        70,
    ),
    (
        "fitness-center",
        "wellness",
        "Fitness center and yoga studio",
        "students",
        "fitness",
        "A fitness center and yoga studio at the Pasadena building.",
        "temporarily_closed",
        10,
    ),
    (
        "meditation",
        "wellness",
        "Meditation spaces",
        "students",
        "fitness",
        "Quiet rooms for meditation, open all day.",
        "active",
        120,
    ),
    (
        "health-coverage",
        "wellness",
        "Student health coverage",
        "students",
        "health_coverage",
        "Every student needs health coverage; enrol in the school plan or apply for a waiver.",
        "active",
        25,
    ),
    (
        "crisis-line",
        "counselling",
        "After-hours crisis line",
        "everyone",
        "crisis",
        "A counsellor on call every night and weekend; call and you will be called back within "
        "15 minutes.",
        "active",
        20,
    ),
    (
        "ombuds",
        "ombuds",
        "Talk to the ombuds",
        "everyone",
        "reporting",
        "Talk a concern over in confidence before you decide whether to report it.",
        "active",
        45,
    ),
    (
        "title-ix",
        "title-ix",
        "Title IX reports and support",
        "everyone",
        "title_ix",
        "Reports of sexual harassment or misconduct; supportive measures with or without a report.",
        "active",
        35,
    ),
    (
        "financial-advising",
        "financial-aid",
        "Financial advising",
        "students",
        "financial",
        "Budgeting, loans and emergency grants.",
        "active",
        65,
    ),
)
# Services reached by telephone, with no office to walk into: (service code, contact, phone).
PHONE_ONLY = {"crisis-line": ("Counsellor on call", "+1 626 555 0188")}


def _id(context: DemoContext, *parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"belong-demo/{context.seed}/" + "/".join(parts)))


def build(context: DemoContext) -> None:
    with context.timed("directory"):
        now = timezone.make_aware(datetime.combine(context.today, time(10)))
        campus = context.campuses.get("campus_main")
        orgs: dict[str, Organization] = {}
        places: dict[str, Location] = {}
        for code, office, name, description in ORGANIZATIONS:
            orgs[code] = Organization.objects.create(
                name=name,
                description=description,
                owner=context.units[office],
                hsds_id=_id(context, "organization", code),
            )
            places[code] = Location.objects.create(
                organization=orgs[code],
                name=f"{name}, main building",
                address="100 Medical Campus Drive",
                city="Pasadena",
                state_province="CA",
                postal_code="91101",
                campus=campus,
                hsds_id=_id(context, "location", code),
                accessibility="Step-free entrance; lift to every floor.",
            )
            Schedule.objects.bulk_create(
                Schedule(
                    location=places[code],
                    weekday=day,
                    opens_at=time(9),
                    closes_at=time(17),
                    hsds_id=_id(context, "schedule", code, str(day)),
                )
                for day in range(1, 6)
            )
        for code, org, name, audience, topic, description, status, days in SERVICES:
            service = Service(
                organization=orgs[org],
                name=name,
                audience=audience,
                topic=topic,
                description=description,
                status=status,
                cost="Free",
                languages="English",
                hsds_id=_id(context, "service", code),
                last_verified_at=now - timedelta(days=days),
            )
            service.refresh_search_text()
            service.save()
            if code in PHONE_ONLY:
                contact_name, phone = PHONE_ONLY[code]
                Contact.objects.create(
                    service=service,
                    name=contact_name,
                    phone=phone,
                    hsds_id=_id(context, "contact", code),
                )
            else:
                service.locations.add(places[org])
        start = now + timedelta(days=10)
        Event.objects.create(
            organization=orgs["counselling"],
            title="Stress and sleep workshop",
            audience="students",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            place="Main building, room 101",
            capacity=30,
        )
        Event.objects.create(
            organization=orgs["faculty-affairs"],
            title="Promotion dossier clinic",
            audience="faculty",
            starts_at=start + timedelta(days=3),
            ends_at=start + timedelta(days=3, hours=2),
            link="https://meet.example.edu/dossier",
            capacity=40,
        )
        Story.objects.create(
            title="Finding my people",
            byline="A second-year student",
            body="In my first month I joined the student council's dinners. I stopped feeling "
            "like a guest here.",
            author=context.users.get("student"),
            consent_text="Given in the demo.",
            consented_at=now - timedelta(days=30),
            status=Story.Status.PUBLISHED,
            reviewed_by=context.users.get("student_affairs"),
            reviewed_at=now - timedelta(days=28),
        )
        context.summary["directory entries"] = len(SERVICES)

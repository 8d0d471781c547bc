"""The words schools' own files use, and what they mean in Belong.

Read by the people import's fields (:mod:`.fields`) and listed in
``docs/importing.md``. Three families:

* **AMCAS** (the AAMC's application service): race and ethnicity labels, which
  hold commas (“Hispanic, Latino, or of Spanish Origin”) and whose subgroups
  imply their category; legal sex including X; “Decline to answer”;
  citizenship including “Foreign National”.
* **IPEDS** text labels, as registrars' summary columns hold them.
* **PeopleSoft and Banner** header names (EMPLID, ACAD_PROG, ADMIT_TERM...).

A value with no category here (AMCAS “Other”, IPEDS “Two or more races”,
“Race and ethnicity unknown”) is read as *not answered*: it says nothing
about which categories a person chose, and guessing would be worse. The
school may give any value its own meaning in the import's value mapping.
"""

from __future__ import annotations

# --- race and ethnicity: file label → minimum category code -----------------------------

AMCAS_RACE: dict[str, str] = {
    "American Indian or Alaska Native": "aian",
    "Asian": "asian",
    "Black or African American": "black",
    "Hispanic, Latino, or of Spanish Origin": "hispanic",
    "Hispanic, Latino or of Spanish Origin": "hispanic",
    "Middle Eastern or North African": "mena",
    "Native Hawaiian or Other Pacific Islander": "nhpi",
    "White": "white",
    # Subgroups AMCAS lists under its categories.
    "Asian Indian": "asian",
    "Bangladeshi": "asian",
    "Cambodian": "asian",
    "Chinese": "asian",
    "Filipino": "asian",
    "Indonesian": "asian",
    "Japanese": "asian",
    "Korean": "asian",
    "Pakistani": "asian",
    "Taiwanese": "asian",
    "Vietnamese": "asian",
    "Other Asian": "asian",
    "African American": "black",
    "African": "black",
    "Afro-Caribbean": "black",
    "Other Black or African American": "black",
    "Mexican, Mexican American, or Chicano/Chicana": "hispanic",
    "Puerto Rican": "hispanic",
    "Cuban": "hispanic",
    "Dominican": "hispanic",
    "Central American": "hispanic",
    "South American": "hispanic",
    "Other Hispanic, Latino, or of Spanish Origin": "hispanic",
    "Native Hawaiian": "nhpi",
    "Guamanian or Chamorro": "nhpi",
    "Samoan": "nhpi",
    "Other Pacific Islander": "nhpi",
}

IPEDS_RACE: dict[str, str] = {
    "Hispanic/Latino": "hispanic",
    "Hispanic or Latino": "hispanic",
    "American Indian or Alaska Native": "aian",
    "Asian": "asian",
    "Black or African American": "black",
    "Native Hawaiian or Other Pacific Islander": "nhpi",
    "White": "white",
}

# Values that say a person answered without naming a category, or that the
# registrar does not know: read as not answered (a blank cell).
RACE_WITHOUT_CATEGORY: tuple[str, ...] = (
    "Other",
    "Two or more races",
    "Two or More Races",
    "Race and ethnicity unknown",
    "Race/ethnicity unknown",
    "Nonresident alien",
    "Nonresident Alien",
    "U.S. Nonresident",
)

# --- prefer not to answer ------------------------------------------------------------------

DECLINED: tuple[str, ...] = (
    "Decline to answer",
    "Declined to answer",
    "Decline to state",
    "Declined to state",
    "Prefer not to say",
    "Declined",
)

# --- legal sex -------------------------------------------------------------------------------

SEX: dict[str, str] = {
    "F": "female",
    "M": "male",
    "X": "x",
    "Another legal sex": "x",
    "Unspecified": "x",
    "Non-binary": "x",
}

# --- citizenship -----------------------------------------------------------------------------

CITIZENSHIP: dict[str, str] = {
    "US Citizen": "citizen",
    "U.S. Citizen": "citizen",
    "Citizen": "citizen",
    "Native": "citizen",  # PeopleSoft CITIZENSHIP_STATUS
    "Naturalized": "citizen",
    "Permanent Resident": "permanent_resident",
    "U.S. Permanent Resident": "permanent_resident",
    "Alien Permanent": "permanent_resident",
    "Foreign National": "nonresident",
    "Nonresident alien": "nonresident",
    "Non-resident alien": "nonresident",
    "U.S. Nonresident": "nonresident",
    "International": "nonresident",
    "Alien Temporary": "nonresident",
}

# --- PeopleSoft and Banner header names → people import fields -----------------------------

HEADERS: dict[str, tuple[str, ...]] = {
    "institutional_id": ("EMPLID", "SPRIDEN_ID", "BANNER_ID", "STUDENT_ID", "PIDM"),
    "aamc_id": ("AAMC_ID", "AAMCID", "AAMC Number", "AAMC ID Number"),
    "affiliation_kind": ("ACAD_CAREER", "Record Type", "Applicant Type"),
    "legal_given_name": ("FIRST_NAME", "SPRIDEN_FIRST_NAME"),
    "legal_family_name": ("LAST_NAME", "SPRIDEN_LAST_NAME"),
    "preferred_name": ("PREF_FIRST_NAME", "PREFERRED_NAME"),
    "email": ("EMAIL_ADDR", "GOREMAL_EMAIL_ADDRESS"),
    "unit_code": ("ACAD_PROG", "ACAD_PLAN", "SGBSTDN_PROGRAM_1", "DEPTID"),
    "campus_code": ("CAMPUS", "SGBSTDN_CAMP_CODE"),
    "start_date": ("MATRIC_DATE", "ADMIT_DATE", "HIRE_DT", "PROG_ACTION_DT", "Application Date"),
    "end_date": ("COMPLETION_DT", "TERMINATION_DT", "EXP_END_DT"),
    "cohort": ("EXP_GRAD_YEAR", "CLASS_YEAR", "ADMIT_YEAR", "Application Cycle", "Cycle Year"),
    "status": ("PROG_STATUS", "ACAD_STATUS", "EMPL_STATUS"),
    "sex": ("SEX", "Legal Sex", "SPBPERS_SEX"),
    "race": (
        "ETHNIC_GROUP",
        "IPEDS_ETHNICITY",
        "Race/Ethnicity",
        "AMCAS Race/Ethnicity",
        "Self-Identified Race/Ethnicity",
    ),
    "citizenship": ("CITIZENSHIP_STATUS", "Citizenship Status", "Citizenship"),
}

# PeopleSoft academic careers → affiliation kind.
ACADEMIC_CAREER: dict[str, str] = {"MED": "student", "UGRD": "student", "GRAD": "student"}

# PeopleSoft program status codes → affiliation status.
PROGRAM_STATUS: dict[str, str] = {
    "AC": "active",
    "LA": "leave",
    "CM": "completed",
    "DC": "withdrawn",
    "DM": "dismissed",
    "CN": "withdrawn",
}

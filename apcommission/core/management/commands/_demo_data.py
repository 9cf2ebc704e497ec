"""The fictional county the demo runs in: Marchshire. Nothing here is real.

LA number 990 is not a real LA code; URNs are 6 digits starting with 99; postcodes use the
area "MQ", which is a valid format but not a real postcode area. The leading underscore stops
Django from treating this module as a command.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from apcommission.core.models import SchoolPhase as P
from apcommission.core.models import SchoolType as T
from apcommission.core.models import TermKind as K

D = dt.date

LA_CODE = "990"
LA_NAME = "Marchshire County Council"

#: The trust whose schools keep their own term dates (a week-earlier October half term).
OWN_DATES_TRUST = "Vale Learning Trust"


class DemoSchool(NamedTuple):
    urn: str
    name: str
    phase: str
    school_type: str
    trust_name: str
    postcode: str
    lowest_year: int
    highest_year: int


# fmt: off
#: The first two secondary schools are where the demo SENCOs work ("school:first", "school:second"):
#: one follows the LA's term dates, the other its trust's own.
SCHOOLS = [
    DemoSchool("990001", "Marchbury High School", P.SECONDARY, T.MAINTAINED, "", "MQ1 3HT", 7, 11),
    DemoSchool("990002", "Wenlow Vale Academy", P.SECONDARY, T.ACADEMY, OWN_DATES_TRUST, "MQ7 2DW", 7, 13),
    DemoSchool("990003", "Stanbridge Community College", P.SECONDARY, T.MAINTAINED, "", "MQ4 8RS", 7, 11),
    DemoSchool("990004", "Kettlesby School", P.SECONDARY, T.ACADEMY, "Marches Education Trust", "MQ9 1LP", 7, 13),
    DemoSchool("990005", "Hartsford Grammar School", P.SECONDARY, T.ACADEMY, "Hartsford Grammar School Trust",
               "MQ3 6GA", 7, 13),
    DemoSchool("990006", "Lowmere Academy", P.SECONDARY, T.ACADEMY, OWN_DATES_TRUST, "MQ8 4EL", 7, 11),
    DemoSchool("990007", "St Aldhelm's Catholic High School", P.SECONDARY, T.MAINTAINED, "", "MQ1 9AH", 7, 11),
    DemoSchool("990008", "Brockwell Free School", P.SECONDARY, T.FREE_SCHOOL, "Brockwell Free School Trust",
               "MQ5 3BW", 7, 11),
    DemoSchool("990009", "Marchbury Sixth Form Centre", P.SIXTEEN_PLUS, T.MAINTAINED, "", "MQ2 7SF", 12, 13),
    DemoSchool("990010", "Pennington Middle School", P.MIDDLE, T.MAINTAINED, "", "MQ6 2PN", 5, 8),
    DemoSchool("990011", "Fennick Cross All-Through Academy", P.ALL_THROUGH, T.ACADEMY, "Marches Education Trust",
               "MQ10 5FX", 0, 13),
    DemoSchool("990012", "Marchbury St Mary's CE Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ1 4SA", 0, 6),
    DemoSchool("990013", "Oakhollow Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ11 2HH", 0, 6),
    DemoSchool("990014", "Wenlow Primary Academy", P.PRIMARY, T.ACADEMY, OWN_DATES_TRUST, "MQ7 3WP", 0, 6),
    DemoSchool("990015", "Stanbridge Infant School", P.PRIMARY, T.MAINTAINED, "", "MQ4 1NF", 0, 2),
    DemoSchool("990016", "Stanbridge Junior School", P.PRIMARY, T.MAINTAINED, "", "MQ4 1JS", 3, 6),
    DemoSchool("990017", "Kettlesby CE Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ9 2EP", 0, 6),
    DemoSchool("990018", "Hartsford Primary Academy", P.PRIMARY, T.ACADEMY, "Marches Education Trust", "MQ3 2HP",
               0, 6),
    DemoSchool("990019", "Lowmere Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ8 6LP", 0, 6),
    DemoSchool("990020", "Brockwell Church of England Primary Academy", P.PRIMARY, T.ACADEMY,
               "Diocese of Marchbury Academy Trust", "MQ5 6BE", 0, 6),
    DemoSchool("990021", "Little Ashby Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ12 8LA", 0, 6),
    DemoSchool("990022", "Upper Fennick Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ10 7UF", 0, 6),
    DemoSchool("990023", "Cresswold Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ13 4RW", 0, 6),
    DemoSchool("990024", "Holloway End Primary Academy", P.PRIMARY, T.ACADEMY, OWN_DATES_TRUST, "MQ7 9HE", 0, 6),
    DemoSchool("990025", "Saxby Green Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ14 3SG", 0, 6),
    DemoSchool("990026", "Marchbury Meadows Free School", P.PRIMARY, T.FREE_SCHOOL, "Meadows Learning Trust",
               "MQ2 5NN", 0, 6),
    DemoSchool("990027", "Dunhallow Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ15 1DH", 0, 6),
    DemoSchool("990028", "Ridgeway CE Primary Academy", P.PRIMARY, T.ACADEMY, "Diocese of Marchbury Academy Trust",
               "MQ2 8RW", 0, 6),
    DemoSchool("990029", "Tolcombe and Pryor CE Federated Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ16 2TP",
               0, 6),
    DemoSchool("990030", "Westmarch Primary School", P.PRIMARY, T.MAINTAINED, "", "MQ17 4WT", 0, 6),
    DemoSchool("990031", "Eastmarch Primary Academy", P.PRIMARY, T.ACADEMY, "Marches Education Trust", "MQ18 6EH",
               0, 6),
    DemoSchool("990032", "Brookfield School", P.ALL_THROUGH, T.SPECIAL, "", "MQ1 7BF", 0, 13),
    DemoSchool("990033", "Marchbury Oak Academy", P.SECONDARY, T.SPECIAL, OWN_DATES_TRUST, "MQ2 3DA", 7, 13),
    DemoSchool("990034", "Harewood Lodge School", P.SECONDARY, T.SPECIAL, "", "MQ9 5HL", 7, 11),
    DemoSchool("990035", "The Bridge Short Stay School", P.SECONDARY, T.PRU, "", "MQ1 2BR", 5, 11),
    DemoSchool("990036", "Marchshire Hospital and Home Education Service", P.ALL_THROUGH, T.PRU, "", "MQ1 6HE",
               1, 11),
    DemoSchool("990037", "Stanbridge Abbey School", P.ALL_THROUGH, T.INDEPENDENT, "", "MQ4 9AB", 0, 13),
    DemoSchool("990038", "Kettlesby Hall School", P.SECONDARY, T.INDEPENDENT, "", "MQ9 8LH", 7, 11),
    DemoSchool("990039", "Willowbrook School", P.PRIMARY, T.INDEPENDENT, "", "MQ19 2WB", 0, 6),
    DemoSchool("990040", "Cresswold Farm School", P.SECONDARY, T.INDEPENDENT, "", "MQ13 7FS", 9, 11),
]

#: The LA's half terms (pupil days; INSET days are closures), by academic year.
LA_TERM_DATES = {
    2025: {
        K.AUTUMN_1: (D(2025, 9, 3), D(2025, 10, 24)), K.AUTUMN_2: (D(2025, 11, 3), D(2025, 12, 19)),
        K.SPRING_1: (D(2026, 1, 5), D(2026, 2, 13)), K.SPRING_2: (D(2026, 2, 23), D(2026, 3, 27)),
        K.SUMMER_1: (D(2026, 4, 13), D(2026, 5, 22)), K.SUMMER_2: (D(2026, 6, 1), D(2026, 7, 22)),
    },
    2026: {
        K.AUTUMN_1: (D(2026, 9, 3), D(2026, 10, 23)), K.AUTUMN_2: (D(2026, 11, 2), D(2026, 12, 18)),
        K.SPRING_1: (D(2027, 1, 4), D(2027, 2, 12)), K.SPRING_2: (D(2027, 2, 22), D(2027, 3, 25)),
        K.SUMMER_1: (D(2027, 4, 12), D(2027, 5, 28)), K.SUMMER_2: (D(2027, 6, 7), D(2027, 7, 22)),
    },
    2027: {
        K.AUTUMN_1: (D(2027, 9, 2), D(2027, 10, 22)), K.AUTUMN_2: (D(2027, 11, 1), D(2027, 12, 17)),
        K.SPRING_1: (D(2028, 1, 4), D(2028, 2, 11)), K.SPRING_2: (D(2028, 2, 21), D(2028, 3, 31)),
        K.SUMMER_1: (D(2028, 4, 18), D(2028, 5, 26)), K.SUMMER_2: (D(2028, 6, 5), D(2028, 7, 21)),
    },
}

#: The Vale Learning Trust's own dates for 2025/26 and 2026/27; in 2027/28 it follows the LA.
TRUST_TERM_DATES = {
    2025: {
        K.AUTUMN_1: (D(2025, 9, 2), D(2025, 10, 17)), K.AUTUMN_2: (D(2025, 10, 27), D(2025, 12, 19)),
        K.SPRING_1: (D(2026, 1, 5), D(2026, 2, 13)), K.SPRING_2: (D(2026, 2, 23), D(2026, 4, 2)),
        K.SUMMER_1: (D(2026, 4, 20), D(2026, 5, 22)), K.SUMMER_2: (D(2026, 6, 1), D(2026, 7, 17)),
    },
    2026: {
        K.AUTUMN_1: (D(2026, 9, 2), D(2026, 10, 16)), K.AUTUMN_2: (D(2026, 10, 26), D(2026, 12, 18)),
        K.SPRING_1: (D(2027, 1, 4), D(2027, 2, 12)), K.SPRING_2: (D(2027, 2, 22), D(2027, 4, 9)),
        K.SUMMER_1: (D(2027, 4, 26), D(2027, 5, 28)), K.SUMMER_2: (D(2027, 6, 7), D(2027, 7, 21)),
    },
}

#: (URN or None for every school on the LA's pattern, date, reason, counts as a school day)
CLOSURES = [
    (None, D(2026, 1, 5), "INSET day", False),
    (None, D(2027, 1, 4), "INSET day", False),
    (None, D(2028, 1, 4), "INSET day", False),
    ("990001", D(2026, 11, 27), "INSET day", False),
    ("990002", D(2026, 11, 6), "Trust INSET day", False),
    ("990021", D(2026, 5, 7), "Polling day (school used as a polling station)", False),
    ("990003", D(2026, 7, 13), "Staff training; Year 10 on work experience", True),
]
# fmt: on

"""Demo data of the placements app for the fictional county of Marchshire (`manage.py seed_demo`):
pupils and their placements first, then the registers and reviews of the active ones."""

from . import clock, placements, records


def seed(*, la, schools, stdout) -> None:
    placements.seed(la=la, schools=schools, stdout=stdout)
    records.seed(la=la, schools=schools, stdout=stdout)


def seed_clock(*, la, schools, stdout) -> None:
    clock.seed(la=la, schools=schools, stdout=stdout)

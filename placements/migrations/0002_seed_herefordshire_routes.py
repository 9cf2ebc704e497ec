"""Seed the template routes into AP from Herefordshire's AP commissioning strategy table, with the
home-school attendance codes of the School Attendance Regulations 2024 (domain brief sections 2
and 4). Each LA gets its own copy to edit on first use; this template is never shown as an LA's."""

from django.db import migrations

ROUTES = [
    {
        "code": "permanent_exclusion",
        "name": "From the 6th day after a permanent exclusion",
        "commissioner": "la",
        "lump_sum_funder": "school_by_agreement",
        "top_up_funder": "awpu_recovery",
        "registration_rule": "dual_then_single",
        "home_school_attendance_code": "",
        "attendance_code_note": "No home-school code once the pupil is off roll; single registration at the PRU or AP.",
        "is_section_19": True,
        "requires_reintegration_plan": False,
    },
    {
        "code": "health",
        "name": "Health needs (physical or mental)",
        "commissioner": "la_or_school",
        "lump_sum_funder": "school",
        "top_up_funder": "school",
        "registration_rule": "dual_school_main",
        "home_school_attendance_code": "K",
        "attendance_code_note": "K for health tuition arranged by the LA; D if dual registered at a hospital school or PRU.",
        "is_section_19": True,
        "requires_reintegration_plan": False,
    },
    {
        "code": "awaiting_place",
        "name": "Interim provision while awaiting a school place",
        "commissioner": "la",
        "lump_sum_funder": "la",
        "top_up_funder": "la",
        "registration_rule": "single_at_ap",
        "home_school_attendance_code": "",
        "attendance_code_note": "The pupil has no home school: single registration at the AP.",
        "is_section_19": True,
        "requires_reintegration_plan": False,
    },
    {
        "code": "short_term",
        "name": "Short-term assessment or intervention to support reintegration or transition",
        "commissioner": "school",
        "lump_sum_funder": "la_or_school",
        "top_up_funder": "school",
        "registration_rule": "dual_school_main",
        "home_school_attendance_code": "D",
        "attendance_code_note": "D while dual registered at the AP school; B at a non-school AP.",
        "is_section_19": False,
        "requires_reintegration_plan": True,
    },
    {
        "code": "suspension_off_site",
        "name": "Suspension over 5 days, or off-site direction by the school",
        "commissioner": "school",
        "lump_sum_funder": "school",
        "top_up_funder": "school",
        "registration_rule": "dual_school_main",
        "home_school_attendance_code": "D",
        "attendance_code_note": "D at another school or PRU; B at a non-school AP.",
        "is_section_19": False,
        "requires_reintegration_plan": False,
    },
    {
        "code": "section_19_other",
        "name": 'Section 19 "other reasons"',
        "commissioner": "la",
        "lump_sum_funder": "la_or_school",
        "top_up_funder": "la_or_school",
        "registration_rule": "dual_or_single",
        "home_school_attendance_code": "K",
        "attendance_code_note": "K while the pupil stays on the home school roll; none if singly registered at the AP.",
        "is_section_19": True,
        "requires_reintegration_plan": False,
    },
    {
        "code": "part_time_vocational",
        "name": "Part of the week off-site for vocational or other courses",
        "commissioner": "school",
        "lump_sum_funder": "school",
        "top_up_funder": "school",
        "registration_rule": "dual_school_main",
        "home_school_attendance_code": "B",
        "attendance_code_note": "B for school-arranged off-site courses; D if dual registered at another school.",
        "is_section_19": False,
        "requires_reintegration_plan": False,
    },
]


def seed(apps, schema_editor):
    Route = apps.get_model("placements", "Route")
    for order, row in enumerate(ROUTES, start=1):
        Route.objects.update_or_create(
            local_authority=None, code=row["code"], defaults={**row, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("placements", "Route").objects.filter(local_authority=None).delete()


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_pupils_routes_placements")]

    operations = [migrations.RunPython(seed, unseed)]

"""Beat entries the placements app wants, as plain data for the lead to merge into settings'
CELERY_BEAT_SCHEDULE (settings are not this app's to edit):

    from placements.schedule import BEAT_SCHEDULE as PLACEMENTS_BEAT_SCHEDULE
    CELERY_BEAT_SCHEDULE.update(PLACEMENTS_BEAT_SCHEDULE)

Every 15 minutes from 10:30 to 16:00 on weekdays (Europe/London): the first run is at the morning
alert time, later runs catch the afternoon session and marks entered late. Nothing between 01:00
and 02:00, the hour the clocks change. The service itself skips days that are not school days."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "placements-attendance-alerts-morning": {
        "task": "placements.tasks.send_attendance_alerts",
        "schedule": crontab(minute="30,45", hour="10", day_of_week="mon-fri"),
        "options": {"expires": 14 * 60},
    },
    "placements-attendance-alerts-day": {
        "task": "placements.tasks.send_attendance_alerts",
        "schedule": crontab(minute="*/15", hour="11-15", day_of_week="mon-fri"),
        "options": {"expires": 14 * 60},
    },
    "placements-attendance-alerts-close": {
        "task": "placements.tasks.send_attendance_alerts",
        "schedule": crontab(minute="0", hour="16", day_of_week="mon-fri"),
        "options": {"expires": 14 * 60},
    },
}

"""Education's shared vocabularies: key stages and the needs providers meet."""

from __future__ import annotations

from django.db import models


class KeyStage(models.TextChoices):
    """Key stages by National Curriculum year (EYFS: nursery and reception)."""

    EYFS = "eyfs", "Early years (EYFS)"
    KS1 = "ks1", "Key stage 1"
    KS2 = "ks2", "Key stage 2"
    KS3 = "ks3", "Key stage 3"
    KS4 = "ks4", "Key stage 4"
    KS5 = "ks5", "Key stage 5 (16 to 19)"
    POST_19 = "post19", "Post-19"


class Need(models.TextChoices):
    """The needs an AP offer serves, and a request asks for."""

    SEMH = "semh", "Social, emotional and mental health (SEMH)"
    MEDICAL = "medical", "Medical needs"
    ANXIETY_EBSA = "ebsa", "Anxiety and emotionally based school avoidance (EBSA)"
    VOCATIONAL = "vocational", "Vocational courses"
    TUITION = "tuition", "One-to-one tuition"
    ONLINE = "online", "Online learning"
    OUTREACH = "outreach", "Outreach"

"""Forms of the placements app, rendered as GOV.UK components (crispy-forms-gds) with GOV.UK error
messages. Forms only parse input; the services apply the rules."""

from .attendance import RegisterForm
from .booking import ConfirmForm, EndPlacementForm, WithdrawForm
from .exclusions import ExclusionForm, HealthAbsenceForm, OffRollForm
from .journey import (
    CellQuestionForm,
    DatesQuestionForm,
    NeedsQuestionForm,
    ObjectivesQuestionForm,
    ProviderQuestionForm,
    RouteQuestionForm,
    SendForm,
    StartForm,
)
from .panel import MoreInformationForm, PanelDecisionForm
from .pupils import PupilFilterForm, PupilForm, PupilPersonalDetailsForm
from .requests import PlacementFilterForm
from .reviews import ReviewForm
from .routes import RouteForm
from .snapshot import SnapshotForm

__all__ = [
    "CellQuestionForm",
    "DatesQuestionForm",
    "NeedsQuestionForm",
    "ObjectivesQuestionForm",
    "ProviderQuestionForm",
    "RouteQuestionForm",
    "SendForm",
    "StartForm",
    "ConfirmForm",
    "EndPlacementForm",
    "ExclusionForm",
    "HealthAbsenceForm",
    "MoreInformationForm",
    "OffRollForm",
    "PanelDecisionForm",
    "PlacementFilterForm",
    "PupilFilterForm",
    "PupilForm",
    "PupilPersonalDetailsForm",
    "RegisterForm",
    "ReviewForm",
    "RouteForm",
    "SnapshotForm",
    "WithdrawForm",
]

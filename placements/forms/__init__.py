"""Forms of the placements app, rendered as GOV.UK components (crispy-forms-gds) with GOV.UK error
messages. Forms only parse input; the services apply the rules."""

from .attendance import RegisterForm
from .booking import ConfirmForm, EndPlacementForm, WithdrawForm
from .exclusions import ExclusionForm, HealthAbsenceForm, OffRollForm
from .panel import MoreInformationForm, PanelDecisionForm
from .pupils import PupilFilterForm, PupilForm, PupilPersonalDetailsForm
from .requests import PlacementFilterForm, PlacementForm, SuggestionForm
from .reviews import ReviewForm
from .routes import RouteForm
from .snapshot import SnapshotForm

__all__ = [
    "ConfirmForm",
    "EndPlacementForm",
    "ExclusionForm",
    "HealthAbsenceForm",
    "MoreInformationForm",
    "OffRollForm",
    "PanelDecisionForm",
    "PlacementFilterForm",
    "PlacementForm",
    "PupilFilterForm",
    "PupilForm",
    "PupilPersonalDetailsForm",
    "RegisterForm",
    "ReviewForm",
    "RouteForm",
    "SnapshotForm",
    "SuggestionForm",
    "WithdrawForm",
]

"""GOV.UK form building blocks for every app (one set: providers and placements use these) and
the core's own forms."""

from .accounts import AuditLogFilterForm, SignInForm
from .dates import DEFAULT_HINT, GovukDateField, GovukDateWidget, date_input_data, govuk_date_field
from .feedback import FeedbackForm
from .govuk import (
    GovForm,
    GovFormMixin,
    GovModelForm,
    GovukErrorsMixin,
    SubmissionTokenMixin,
    apply_errors,
    form_helper,
    radios_field,
    required_messages,
    select_field,
)
from .sign_in import (
    AuthenticatorCodeForm,
    ChangePasswordForm,
    ChoosePasswordForm,
    CodeForm,
    ResetRequestForm,
)
from .users import AddRoleForm, ChangeRoleForm, InviteForm, UsersFilterForm

__all__ = [
    "FeedbackForm",
    "DEFAULT_HINT",
    "AddRoleForm",
    "AuditLogFilterForm",
    "AuthenticatorCodeForm",
    "ChangePasswordForm",
    "ChangeRoleForm",
    "ChoosePasswordForm",
    "CodeForm",
    "InviteForm",
    "ResetRequestForm",
    "UsersFilterForm",
    "GovForm",
    "GovFormMixin",
    "GovModelForm",
    "GovukDateField",
    "GovukDateWidget",
    "GovukErrorsMixin",
    "SignInForm",
    "SubmissionTokenMixin",
    "apply_errors",
    "date_input_data",
    "form_helper",
    "govuk_date_field",
    "radios_field",
    "required_messages",
    "select_field",
]

"""Forms of the clearance pages: apply, record a fact, decide, verify, record an arrival, check a presented contract."""

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.clearance.choices import FactKind, TransferGround, TransferSector

DATE = forms.DateInput(attrs={"type": "date"})


class ApplyForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Registered contract"), queryset=None, empty_label=None)
    departure_date = forms.DateField(label=_("Departure by"), widget=DATE)

    def __init__(self, *args, contracts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: f"{c.reference} · {c.worker.full_name}"


class FactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Fact"), choices=FactKind.choices)
    document_reference = forms.CharField(label=_("Certificate, membership or policy number"), max_length=100)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OfferedActionsForm(forms.Form):
    """A form whose `action` offers only the given actions (the lifecycle's `available_actions`); None: every one,
    so that a refused step comes back from the service with its own code."""

    ACTIONS: list = []

    def __init__(self, *args, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actions is not None:
            self.fields["action"].choices = [(key, label) for key, label in self.ACTIONS if key in actions]


class DecideForm(OfferedActionsForm):
    ACTIONS = [("grant", _("Grant")), ("refuse", _("Refuse")), ("halt", _("Halt")), ("depart", _("Record departure"))]
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required to refuse or halt; the worker and the agency are told."))


class VerifyForm(forms.Form):
    token = forms.CharField(label=_("Certificate code"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr",
                                                                                                     "spellcheck": "false"}),
                            help_text=_("Paste the text read from the QR code."))
    image = forms.ImageField(label=_("Or a photo of the QR code"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))

    def clean(self):
        data = super().clean()
        if not (data.get("token") or "").strip() and not data.get("image"):
            raise forms.ValidationError(_("Paste the certificate code or add a photo of the QR code."))
        return data


class ArrivalForm(forms.Form):
    arrived_on = forms.DateField(label=_("Arrived on"), widget=DATE)
    port = forms.CharField(label=_("Port of entry"), max_length=100, required=False)
    work_permit_number = forms.CharField(label=_("Work permit or labour card number"), max_length=40, required=False,
                                         help_text=_("As the salary files name the worker; stored encrypted."))


class UploadForm(forms.Form):
    document = forms.FileField(label=_("Presented contract (interchange JSON)"))


class PaperForm(forms.Form):
    """The terms an officer reads off a paper contract; the rest is taken as registered."""

    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    worksite = forms.CharField(label=_("Worksite"), max_length=200, required=False)
    wage_amount = forms.DecimalField(label=_("Basic wage"), max_digits=12, decimal_places=2, min_value=0)
    wage_currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3)
    wage_period = forms.ChoiceField(label=_("Per"), choices=[("month", _("month")), ("week", _("week")), ("day", _("day")),
                                                            ("hour", _("hour"))])
    normal_daily = forms.IntegerField(label=_("Normal hours a day"), min_value=0, max_value=24, required=False)
    normal_weekly = forms.IntegerField(label=_("Normal hours a week"), min_value=0, max_value=168, required=False)
    weekly_rest_hours = forms.IntegerField(label=_("Weekly rest (hours)"), min_value=0, max_value=168, required=False)
    annual_leave_days = forms.IntegerField(label=_("Paid annual leave (days)"), min_value=0, max_value=366, required=False)
    duration_months = forms.IntegerField(label=_("Duration (months)"), min_value=1, max_value=120, required=False)

    def terms(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("wage_amount") is not None:
            data["wage_amount"] = f"{data['wage_amount']:.2f}"
        data["wage_currency"] = (data.get("wage_currency") or "").upper()
        return data


class MatterForm(OfferedActionsForm):
    ACTIONS = [("review", _("Start review")), ("close", _("Close"))]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason or outcome"), widget=forms.Textarea(attrs={"rows": 3}))


# --- a way out: transfer requests ---------------------------------------------------------------------------------


class TransferRequestForm(forms.Form):
    """The worker's request (from their own page), or a caseworker's, attaché's or officer's for them."""

    clearance_reference = forms.CharField(label=_("Clearance reference (on the worker's certificate)"), max_length=40,
                                          required=False)
    passport_tail = forms.CharField(label=_("Last 4 characters of the worker's passport"), max_length=4, required=False)
    ground = forms.ChoiceField(label=_("Why the worker wants to change employer"), choices=TransferGround.choices,
                               widget=forms.RadioSelect)
    case_reference = forms.CharField(label=_("Case or inspection reference"), max_length=40, required=False,
                                     help_text=_("Needed when abuse or trafficking was found in a case or inspection."))
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("As in the registered contract")),
                                                           *TransferSector.choices], required=False)
    statement = forms.CharField(label=_("What the worker wants to say"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, for_worker: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_worker:  # the worker's own arrival: nothing to identify
            del self.fields["clearance_reference"], self.fields["passport_tail"], self.fields["sector"]


class TransferActionForm(OfferedActionsForm):
    ACTIONS = [("ask_consent", _("Ask the current employer's consent")), ("answer_consent", _("Answer: consent")),
               ("accept", _("Accept")), ("refuse", _("Refuse")), ("appeal", _("Appeal the refusal")),
               ("reconsider_accept", _("Reconsidered: accept")), ("reconsider_refuse", _("Reconsidered: refuse")),
               ("complete", _("The new employment is in place")), ("withdraw", _("Withdraw the request"))]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    consents = forms.ChoiceField(label=_("Does the employer consent?"), required=False,
                                 choices=[("", "—"), ("yes", _("yes")), ("no", _("no"))])
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    job_order_reference = forms.CharField(label=_("New employer's job order"), max_length=20, required=False)
    peer_contract_reference = forms.CharField(label=_("Or a contract registered by the origin (reference)"),
                                              max_length=40, required=False)
    document = forms.FileField(label=_("New contract (interchange JSON)"), required=False)
    starts_on = forms.DateField(label=_("New employment starts on"), required=False, widget=DATE)


class StayRightForm(forms.Form):
    case_reference = forms.CharField(label=_("Claim (case reference)"), max_length=40)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ArrivalWorkerForm(forms.Form):
    worker_id = forms.IntegerField(label=_("The worker's record number here"), min_value=1)

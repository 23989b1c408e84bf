"""Forms: a worker's quick check (pasted JSON, a file, or a few terms), submitting and deciding contracts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from corridor.contracts import interchange
from corridor.contracts.service_errors import ContractInvalid
from corridor.contracts.services import document_load
from corridor.core.errors import CorridorError
from corridor.core.models import Country
from corridor.rules.engine import normalise_language

SECTORS = [
    ("domestic_work", _("Domestic work")), ("construction", _("Construction")), ("agriculture", _("Agriculture")),
    ("manufacturing", _("Manufacturing")), ("hospitality", _("Hotels and restaurants")), ("care", _("Care work")),
    ("health", _("Health")), ("transport", _("Transport")), ("fishing", _("Fishing")), ("other", _("Other")),
]
PERIODS = [("month", _("a month")), ("week", _("a week")), ("day", _("a day")), ("hour", _("an hour"))]
KEEPERS = [("worker", _("I keep it myself")), ("employer", _("The employer")), ("agency", _("The agency or an agent"))]
MAX_UPLOAD = interchange.MAX_BYTES


class DocumentField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "dir": "ltr", "class": "code"})


class ContractDocumentForm(forms.Form):
    """A contract in the interchange form, pasted or uploaded; cleaned into the parsed document."""

    document = DocumentField(label=_("Contract (JSON)"), required=False, max_length=MAX_UPLOAD,
                             help_text=_("Paste the contract in the corridor.contract/1 form, or upload the file."))
    upload = forms.FileField(label=_("Or upload the contract file"), required=False)

    problems: dict[str, list[str]]

    def clean(self):
        cleaned = super().clean()
        self.problems = {}
        upload = cleaned.get("upload")
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is too large."), code="too_large")
            raw: bytes | str = upload.read()
        else:
            raw = cleaned.get("document") or ""
        if not raw.strip():
            raise forms.ValidationError(_("Paste the contract or upload its file."), code="required")
        try:
            cleaned["doc"] = document_load(raw)
        except ContractInvalid as exc:
            self.problems = exc.fields
            raise forms.ValidationError(_("The contract is not valid: see each problem below."), code="invalid") from exc
        except CorridorError as exc:
            raise forms.ValidationError(str(exc.message), code=exc.code) from exc
        return cleaned


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


class TermsCheckForm(forms.Form):
    """The few terms a worker can read off an offer; they make an interchange document to check."""

    origin = forms.ModelChoiceField(Country.objects.all(), label=_("Your country"), to_field_name="code")
    destination = forms.ModelChoiceField(Country.objects.all(), label=_("Country of work"), to_field_name="code")
    sector = forms.ChoiceField(choices=SECTORS, label=_("Kind of work"))
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_months = forms.IntegerField(label=_("Length of the contract, in months"), min_value=1, max_value=120,
                                         initial=24)
    wage_amount = forms.DecimalField(label=_("Basic wage"), min_value=0, max_digits=12, decimal_places=2)
    wage_currency = forms.CharField(label=_("Currency of the wage"), max_length=3, min_length=3,
                                    validators=[RegexValidator(r"^[A-Za-z]{3}$")],
                                    help_text=_("Three letters, for example SAR, QAR, AED or USD."))
    wage_period = forms.ChoiceField(choices=PERIODS, label=_("The wage is paid for"))
    hours_per_day = forms.DecimalField(label=_("Normal working hours a day"), min_value=0, max_value=24,
                                       decimal_places=2)
    hours_per_week = forms.DecimalField(label=_("Normal working hours a week"), min_value=0, max_value=168,
                                        decimal_places=2)
    weekly_rest_hours = forms.DecimalField(label=_("Weekly rest, in hours in a row"), min_value=0, max_value=168,
                                           decimal_places=2, required=False,
                                           help_text=_("One full day off is 24 hours. Leave empty if not stated."))
    fees_paid = forms.DecimalField(label=_("Fees you pay to get the job"), min_value=0, max_digits=12,
                                   decimal_places=2, required=False,
                                   help_text=_("Everything you pay or repay to anyone: placement, training, visa, "
                                               "medical. 0 if nothing; empty if you do not know."))
    fees_currency = forms.CharField(label=_("Currency of the fees"), max_length=3, required=False,
                                    validators=[RegexValidator(r"^[A-Za-z]{3}$")])
    passport_kept_by = forms.ChoiceField(choices=KEEPERS, label=_("Who keeps your passport"))

    def to_document(self, lang: str) -> dict[str, Any]:
        data = self.cleaned_data
        currency = data["wage_currency"].upper()
        doc: dict[str, Any] = {
            "schema": interchange.SCHEMA_ID,
            "corridor": {"origin": data["origin"].code, "destination": data["destination"].code},
            "worker": {"full_name": str(_("The worker")), "nationality": data["origin"].code,
                       "languages": [normalise_language(lang)]},
            "employer": {"name": str(_("The employer")), "country": data["destination"].code},
            "job": {"title": str(dict(SECTORS)[data["sector"]]), "sector": data["sector"]},
            "term": {"start_date": data["start_date"].isoformat(), "duration_months": data["duration_months"]},
            "wage": {"amount": f"{data['wage_amount']:.2f}", "currency": currency, "period": data["wage_period"]},
            "hours": {"normal_daily": _number(data["hours_per_day"]), "normal_weekly": _number(data["hours_per_week"])},
            "documents": {"worker_keeps_identity_documents": data["passport_kept_by"] == "worker"},
        }
        if data.get("weekly_rest_hours") is not None:
            doc["rest"] = {"weekly_rest_hours": _number(data["weekly_rest_hours"])}
        if data.get("fees_paid") is not None:
            fees = []
            if data["fees_paid"] > 0:
                fees.append({"item": "placement_fee", "amount": f"{data['fees_paid']:.2f}",
                             "currency": (data.get("fees_currency") or currency).upper()})
            doc["fees"] = {"paid_by_worker": fees}
        return doc


class JobOrderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.reference} · {obj.title} · {obj.employer.name} ({obj.country_id})"


class SubmitContractForm(ContractDocumentForm):
    job_order = JobOrderChoiceField(queryset=None, label=_("Job order"),
                                    help_text=_("Your agency's approved job orders on the job board."))
    worker = forms.ModelChoiceField(queryset=None, label=_("Worker"))

    field_order = ["job_order", "worker", "document", "upload"]

    def __init__(self, *args, workers=None, job_orders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["job_order"].queryset = job_orders


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             required=False)


class VerifyForm(forms.Form):
    ref = forms.CharField(label=_("Reference"), max_length=40)
    sha256 = forms.CharField(label=_("Content hash (SHA-256)"), max_length=64, min_length=64,
                             validators=[RegexValidator(r"^[0-9a-fA-F]{64}$")])

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
from corridor.core import names, node
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


def _countries() -> list[tuple[str, str]]:
    return [("", _("Choose a country"))] + names.country_choices(Country.objects.values_list("code", flat=True))


def _stated(*choices) -> list[tuple[str, Any]]:
    """A question a worker may not know the answer to: the first choice is always "not stated"."""
    return [("", _("Not stated in the offer")), *choices]


YES_NO = _stated(("yes", _("Yes")), ("no", _("No")))
PAID_BY = _stated(("employer", _("The employer")), ("worker", _("I pay")), ("shared", _("Shared")))
FREQUENCIES = _stated(("monthly", _("Every month")), ("fortnightly", _("Every two weeks")),
                      ("weekly", _("Every week")), ("end_of_contract", _("At the end of the contract")))
METHODS = _stated(("bank_transfer", _("Into my bank account")), ("cash", _("In cash")), ("cheque", _("By cheque")),
                  ("mobile_money", _("To my mobile money account")))
PROVISION = _stated(("free", _("Yes, free")), ("charged", _("Yes, and I pay for it")), ("none", _("No")))


def _optional_number(label, help_text="", **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, help_text=help_text, required=False, min_value=0, decimal_places=2,
                              **kwargs)


class TermsCheckForm(forms.Form):
    """The terms a worker can read off an offer, asked in the worker's words; they make an interchange document.

    Nothing that changes the answer is defaulted: a question left empty means "not stated in the offer", and the
    check then says to ask for that term in writing.
    """

    origin = forms.ChoiceField(choices=_countries, label=_("Your country"))
    destination = forms.ChoiceField(choices=_countries, label=_("Country of work"))
    sector = forms.ChoiceField(choices=[("", _("Choose the kind of work")), *SECTORS], label=_("Kind of work"))
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_months = forms.IntegerField(label=_("Length of the contract, in months"), min_value=1, max_value=120)
    probation_days = forms.IntegerField(label=_("Trial period, in days"), min_value=0, max_value=3650,
                                        required=False, help_text=_("0 if there is none. Leave empty if not stated."))
    wage_amount = forms.DecimalField(label=_("Basic wage"), min_value=0, max_digits=12, decimal_places=2)
    wage_currency = forms.CharField(label=_("Currency of the wage"), max_length=3, min_length=3,
                                    validators=[RegexValidator(r"^[A-Za-z]{3}$")],
                                    help_text=_("Three letters, for example SAR, QAR, AED or USD."))
    wage_period = forms.ChoiceField(choices=[("", _("Choose")), *PERIODS], label=_("The wage is paid for"))
    payment_frequency = forms.ChoiceField(choices=FREQUENCIES, label=_("How often are you paid?"), required=False)
    payment_method = forms.ChoiceField(choices=METHODS, label=_("How are you paid?"), required=False)
    paid_to_you = forms.ChoiceField(choices=YES_NO, label=_("Is the wage paid to you yourself?"), required=False)
    hours_per_day = forms.DecimalField(label=_("Normal working hours a day"), min_value=0, max_value=24,
                                       decimal_places=2)
    hours_per_week = forms.DecimalField(label=_("Normal working hours a week"), min_value=0, max_value=168,
                                        decimal_places=2)
    overtime_pct = _optional_number(_("Extra pay for overtime, in percent"), _("For example 50 if an overtime hour "
                                    "pays one and a half times a normal hour. Leave empty if not stated."),
                                    max_value=1000)
    daily_rest_hours = _optional_number(_("Rest each day, in hours in a row"), _("Leave empty if not stated."),
                                        max_value=24)
    weekly_rest_hours = _optional_number(_("Weekly rest, in hours in a row"),
                                         _("One full day off is 24 hours. Leave empty if not stated."), max_value=168)
    annual_leave_days = _optional_number(_("Paid holidays a year, in days"), _("Leave empty if not stated."),
                                         max_value=366)
    fees_paid = forms.DecimalField(label=_("Fees you pay to get the job"), min_value=0, max_digits=12,
                                   decimal_places=2, required=False,
                                   help_text=_("Everything you pay or repay to anyone: placement, training, visa, "
                                               "medical. 0 if nothing; empty if you do not know."))
    fees_currency = forms.CharField(label=_("Currency of the fees"), max_length=3, required=False,
                                    validators=[RegexValidator(r"^[A-Za-z]{3}$")])
    outbound_paid_by = forms.ChoiceField(choices=PAID_BY, label=_("Who pays your travel to the job?"),
                                         required=False)
    return_paid_by = forms.ChoiceField(choices=PAID_BY, label=_("Who pays your travel home at the end?"),
                                       required=False)
    housing = forms.ChoiceField(choices=PROVISION, label=_("Do you get a place to live?"), required=False)
    housing_charge = _optional_number(_("What you pay for it each month"), _("In the currency of the wage."),
                                      max_digits=12)
    food = forms.ChoiceField(choices=PROVISION, label=_("Do you get food?"), required=False)
    food_charge = _optional_number(_("What you pay for food each month"), _("In the currency of the wage."),
                                   max_digits=12)
    medical_paid = forms.ChoiceField(choices=YES_NO, label=_("Does the employer pay your medical care?"),
                                     required=False)
    injury_insurance = forms.ChoiceField(choices=YES_NO, label=_("Are you insured if you are hurt at work?"),
                                         required=False)
    welfare_fund = forms.ChoiceField(choices=YES_NO, required=False,
                                     label=_("Are you a member of your country's workers' welfare fund?"),
                                     help_text=_("For example OWWA for workers from the Philippines."))
    contract_language = forms.ChoiceField(choices=YES_NO, required=False,
                                          label=_("Is the contract written in a language you understand?"))
    passport_kept_by = forms.ChoiceField(choices=_stated(*KEEPERS), label=_("Who keeps your passport"),
                                         required=False)

    GROUPS = (
        (_("The job"), ("origin", "destination", "sector", "start_date", "duration_months", "probation_days")),
        (_("Pay"), ("wage_amount", "wage_currency", "wage_period", "payment_frequency", "payment_method",
                    "paid_to_you")),
        (_("Time"), ("hours_per_day", "hours_per_week", "overtime_pct", "daily_rest_hours", "weekly_rest_hours",
                     "annual_leave_days")),
        (_("Costs and care"), ("fees_paid", "fees_currency", "outbound_paid_by", "return_paid_by", "housing",
                               "housing_charge", "food", "food_charge", "medical_paid", "injury_insurance",
                               "welfare_fund")),
        (_("Papers"), ("contract_language", "passport_kept_by")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].initial = node.identity().country

    def groups(self):
        return [(legend, [self[name] for name in names_]) for legend, names_ in self.GROUPS]

    def to_document(self, lang: str) -> dict[str, Any]:
        data = self.cleaned_data
        currency = data["wage_currency"].upper()
        lang = normalise_language(lang)
        doc: dict[str, Any] = {
            "schema": interchange.SCHEMA_ID,
            "corridor": {"origin": data["origin"], "destination": data["destination"]},
            "worker": {"full_name": str(_("The worker")), "nationality": data["origin"], "languages": [lang]},
            "employer": {"name": str(_("The employer")), "country": data["destination"]},
            "job": {"title": str(dict(SECTORS)[data["sector"]]), "sector": data["sector"]},
            "term": {"start_date": data["start_date"].isoformat(), "duration_months": data["duration_months"]},
            "wage": {"amount": f"{data['wage_amount']:.2f}", "currency": currency, "period": data["wage_period"]},
            "hours": {"normal_daily": _number(data["hours_per_day"]), "normal_weekly": _number(data["hours_per_week"])},
        }
        yes_no = {"yes": True, "no": False}
        if data.get("probation_days") is not None:
            doc["term"]["probation_days"] = data["probation_days"]
        for key, term in (("payment_frequency", "payment_frequency"), ("payment_method", "payment_method")):
            if data.get(key):
                doc["wage"][term] = data[key]
        if data.get("paid_to_you"):
            doc["wage"]["paid_directly_to_worker"] = yes_no[data["paid_to_you"]]
        if data.get("overtime_pct") is not None:
            doc["hours"]["overtime_premium_pct"] = _number(data["overtime_pct"])
        rest = {term: _number(data[key]) for key, term in (("daily_rest_hours", "daily_rest_hours"),
                                                           ("weekly_rest_hours", "weekly_rest_hours"),
                                                           ("annual_leave_days", "annual_leave_days"))
                if data.get(key) is not None}
        if rest:
            doc["rest"] = rest
        if data.get("fees_paid") is not None:
            fees = []
            if data["fees_paid"] > 0:
                fees.append({"item": "placement_fee", "amount": f"{data['fees_paid']:.2f}",
                             "currency": (data.get("fees_currency") or currency).upper()})
            doc["fees"] = {"paid_by_worker": fees}
        transport = {term: data[term] for term in ("outbound_paid_by", "return_paid_by") if data.get(term)}
        if transport:
            doc["transport"] = transport
        for key, term in (("housing", "accommodation"), ("food", "food")):
            if data.get(key):
                provision: dict[str, Any] = {"provided": data[key] != "none"}
                if data[key] == "free":
                    provision["charge_to_worker"] = "0"
                elif data[key] == "charged" and data.get(f"{key}_charge") is not None:
                    provision["charge_to_worker"] = f"{data[f'{key}_charge']:.2f}"
                doc[term] = provision
        if data.get("medical_paid"):
            doc["medical"] = {"care_paid_by_employer": yes_no[data["medical_paid"]]}
        social = {term: yes_no[data[key]] for key, term in (("injury_insurance", "work_injury_insurance"),
                                                            ("welfare_fund", "welfare_fund_member"))
                  if data.get(key)}
        if social:
            doc["social_security"] = social
        if data.get("contract_language"):
            # "no": written in a language the worker does not read; "und" (ISO 639-2: undetermined) says so
            doc["languages"] = {"contract": [lang] if data["contract_language"] == "yes" else ["und"]}
        if data.get("passport_kept_by"):
            doc["documents"] = {"worker_keeps_identity_documents": data["passport_kept_by"] == "worker"}
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

"""Worker voice: reviews of the parties of a real deployment (ratings append-only, comments moderated by hiding
only, one public answer), return openings, workers' job profiles and their applications through agencies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.core.lifecycle import LifecycleEvent
from corridor.voice.choices import QUESTIONS, ApplicationStatus, CommentStatus, PartyKind, Stage

USER = settings.AUTH_USER_MODEL


def _rating(label):
    return models.PositiveSmallIntegerField(label)


class Review(models.Model):
    """One worker's ratings of one party (agency, sub-agent or employer) of one deployment, at one stage.

    Append-only in the database: ratings are never edited nor hidden. The worker is stored to prove that the
    review is real and to allow one review per party and stage; it is never shown."""

    worker = models.ForeignKey("accounts.Worker", on_delete=models.PROTECT, related_name="+")
    clearance = models.ForeignKey("clearance.Clearance", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    party_kind = models.CharField(_("who"), max_length=10, choices=PartyKind.choices)
    agency = models.ForeignKey("registry.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subagent = models.ForeignKey("registry.SubAgent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    no_fees = _rating(_("no fees asked"))
    truthful = _rating(_("truthful information"))
    contract_matched = _rating(_("contract matched what was signed"))
    documents_kept = _rating(_("documents kept by the worker"))
    helped = _rating(_("help when in trouble"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        constraints = [
            models.CheckConstraint(
                condition=(Q(party_kind="agency", agency__isnull=False, subagent__isnull=True, employer__isnull=True)
                           | Q(party_kind="subagent", agency__isnull=True, subagent__isnull=False, employer__isnull=True)
                           | Q(party_kind="employer", agency__isnull=True, subagent__isnull=True, employer__isnull=False)),
                name="voice_review_one_party"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="voice_review_stage_known"),
            *[models.CheckConstraint(condition=Q(**{f"{key}__gte": 1, f"{key}__lte": 5}), name=f"voice_review_{key}_1_5")
              for key in ("no_fees", "truthful", "contract_matched", "documents_kept", "helped")],
            # once per worker, deployment, stage and party (one constraint per kind: NULLs are never equal)
            *[models.UniqueConstraint(fields=["worker", "clearance", "stage", kind], condition=Q(party_kind=kind),
                                      name=f"voice_review_once_per_{kind}_and_stage")
              for kind in ("agency", "subagent", "employer")],
        ]

    def __str__(self) -> str:
        return f"review {self.pk} ({self.party_kind}, {self.stage})"

    @property
    def party_id(self) -> int:
        return self.agency_id or self.subagent_id or self.employer_id

    @property
    def ratings(self) -> list[tuple[str, int]]:
        """(question, rating) in the order of the fixed questions."""
        return [(label, getattr(self, key)) for key, label in QUESTIONS]


class ReviewComment(models.Model):
    """The free text of a review, in any language. Never edited; a moderator may only hide it, with a reason
    (lifecycle `review_comment`, its events append-only)."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="comment")
    text = models.TextField(_("comment"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.VISIBLE)
    # What the cases app's triage found in the text (forced-labour indicators, trafficking): the worker is offered
    # the complaint form. Kept to show the moderator why; never published.
    indicators = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        constraints = [models.CheckConstraint(condition=Q(status__in=CommentStatus.values), name="voice_comment_status_known")]

    def __str__(self) -> str:
        return f"comment of review {self.review_id}"

    @property
    def alleges_crime(self) -> bool:
        return bool(self.indicators)


class ReviewCommentEvent(LifecycleEvent):
    record_field = "comment"
    comment = models.ForeignKey(ReviewComment, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("review comment event")


class ReviewAnswer(models.Model):
    """The reviewed agency's one public answer to a review. Append-only; one per review (the unique key)."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="answer")
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"))
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency's answer")

    def __str__(self) -> str:
        return f"answer to review {self.review_id}"


class ReturnOpening(models.Model):
    """A deployment ended by the worker's return (reintegration's `worker.returned`): the after-return review opens."""

    clearance = models.OneToOneField("clearance.Clearance", on_delete=models.PROTECT, related_name="+")
    return_reference = models.CharField(max_length=40)
    returned_on = models.DateField()
    cause = models.CharField(max_length=40, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("after-return review opening")

    def __str__(self) -> str:
        return f"return {self.return_reference}"


class WorkerProfile(models.Model):
    """What a worker who wants to be found tells licensed agencies. Shown only while `consent` holds."""

    worker = models.OneToOneField("accounts.Worker", on_delete=models.PROTECT, related_name="job_profile")
    occupations = models.ManyToManyField("core.Occupation", verbose_name=_("occupations (ISCO-08)"), related_name="+")
    skills = models.CharField(_("skills"), max_length=500, blank=True)
    languages = models.ManyToManyField("core.Language", verbose_name=_("languages"), related_name="+")
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    destinations = models.ManyToManyField("core.Country", verbose_name=_("countries wanted"), blank=True, related_name="+")
    earliest_start = models.DateField(_("earliest date I can go"))
    consent = models.BooleanField(_("licensed agencies may see my profile"), default=False)
    consented_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("job profile")
        constraints = [models.CheckConstraint(condition=Q(experience_years__lte=80), name="voice_profile_experience_sane"),
                       models.CheckConstraint(condition=Q(consent=False) | Q(consented_at__isnull=False),
                                              name="voice_profile_consent_has_time")]
        indexes = [models.Index(fields=["consent"], name="voice_profile_consent")]

    def __str__(self) -> str:
        return f"profile {self.pk}"


class Application(models.Model):
    """A worker's application to a job order, sent to the agency that placed it."""

    worker = models.ForeignKey("accounts.Worker", on_delete=models.PROTECT, related_name="+")
    job_order = models.ForeignKey("registry.JobOrder", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED)
    explanation = models.JSONField(default=list, blank=True)  # the match as the worker saw it when applying
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        constraints = [
            models.UniqueConstraint(fields=["worker", "job_order"], condition=Q(status="submitted"),
                                    name="voice_application_one_open_per_job"),
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name="voice_application_status_known"),
        ]

    def __str__(self) -> str:
        return f"application {self.pk}"


class ApplicationEvent(LifecycleEvent):
    record_field = "application"
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("application event")

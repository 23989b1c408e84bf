"""The short assessments as data (orientation/assessments/<id>.toml): questions and options per language, the right
answer, a source for it, and the pass mark. Scoring is a pure function."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources


class AssessmentFileError(ValueError):
    pass


@dataclass(frozen=True)
class Question:
    id: str
    text: dict[str, str]
    options: dict[str, list[str]]
    answer: int
    source: str


@dataclass(frozen=True)
class Assessment:
    id: str
    version: str
    pass_mark: int  # percent
    title: dict[str, str]
    questions: tuple[Question, ...]

    @property
    def languages(self) -> frozenset[str]:
        return frozenset.intersection(*(frozenset(q.text) & frozenset(q.options) for q in self.questions))

    def in_language(self, lang: str) -> list[dict]:
        return [{"id": q.id, "text": q.text[lang], "options": list(enumerate(q.options[lang]))} for q in self.questions]

    def score(self, answers: dict[str, int]) -> tuple[int, int, bool]:
        """(right, total, passed): a question unanswered or answered out of range is wrong."""
        right = sum(1 for q in self.questions if answers.get(q.id) == q.answer)
        total = len(self.questions)
        return right, total, right * 100 >= self.pass_mark * total


def parse(text: str, name: str = "assessment") -> Assessment:
    try:
        raw = tomllib.loads(text)
        head = raw["assessment"]
        questions = []
        for q in raw["questions"]:
            question = Question(id=str(q["id"]), text=dict(q["text"]), options={k: list(v) for k, v in q["options"].items()},
                                answer=int(q["answer"]), source=str(q["source"]))
            if set(question.text) != set(question.options) or "en" not in question.text:
                raise AssessmentFileError(f"{name}: question {question.id} needs the same languages (English among them) "
                                          "for its text and its options")
            if any(not 0 <= question.answer < len(opts) for opts in question.options.values()):
                raise AssessmentFileError(f"{name}: question {question.id}'s answer is not one of its options")
            if not question.source.strip():
                raise AssessmentFileError(f"{name}: question {question.id} has no source")
            questions.append(question)
        pass_mark = int(head["pass_mark"])
        if not questions or not 0 < pass_mark <= 100:
            raise AssessmentFileError(f"{name}: questions and a pass mark from 1 to 100 are required")
        return Assessment(id=str(head["id"]), version=str(head["version"]), pass_mark=pass_mark,
                          title=dict(head["title"]), questions=tuple(questions))
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        if isinstance(exc, AssessmentFileError):
            raise
        raise AssessmentFileError(f"{name}: {exc}") from None


@functools.cache
def catalogue() -> dict[str, Assessment]:
    found = {}
    for entry in resources.files("corridor.orientation").joinpath("assessments").iterdir():
        if entry.name.endswith(".toml"):
            assessment = parse(entry.read_text("utf-8"), entry.name)
            found[assessment.id] = assessment
    return found


def get(assessment_id: str) -> Assessment | None:
    return catalogue().get(assessment_id)

"""Whether the sender expects an answer from the user: requests and questions addressed to them."""

from __future__ import annotations

from dataclasses import dataclass

from shared_lib.analysis.body import sentences
from shared_lib.analysis.keywords import EXPLICIT_REPLY, FYI, NO_REPLY, NOT_REQUEST, REQUEST
from shared_lib.analysis.lazy import has_any, lazy, starting_with
from shared_lib.analysis.letter import Letter
from shared_lib.analysis.model import Evidence, SenderInfo
from shared_lib.analysis.vocabulary import Hit, normalize

# Polite closings that offer, rather than ask: "if you have questions, write".
_CLOSING_OFFER = lazy(
    starting_with("еifdslrgcпоз")
    + r"(?:^(?:если|if\s+you\s+have|feel\s+free|don't\s+hesitate|do\s+not\s+hesitate|should\s+you)"
    r"|(?:let\s+(?:me|us)\s+know|reach\s+out|get\s+in\s+touch|contact\s+(?:me|us))"
    r"\s+(?:if|should)\s+(?:you\s+)?(?:have|need|there\s+(?:are|is)|there's|any|anything"
    r"|something|questions)\b"
    r"|(?:пиши|пишите|обращайтесь|звони|звоните)[^.!?]{0,20}если)",
)
_GROUP_GREETING = lazy(
    r"^\s*(?:(?:hi|hello|hey|dear)\s+(?:all|team|everyone|everybody|folks|guys)|всем\s+привет"
    r"|(?:добрый\s+\w+|здравствуйте),\s+коллеги|коллеги|друзья|уважаемые\s+\w+|team)\b",
)
# Requests whose answer is a reply (to a group letter, only these count).
_ASKS_TO_REPLY = lazy(
    r"\b(?:reply|respond|answer|confirm|let\s+(?:me|us)\s+know|get\s+back|rsvp|tell\s+(?:me|us)"
    r"|send\s+(?:me|us)|share\s+your|your\s+(?:feedback|thoughts|opinion|answer))"
    r"|ответ|подтверд|сообщ|напиш|дай(?:те)?\s+знать|пришл|отпиш|жду",
)
# Words that only make a request polite: a sentence asked with them alone ("Заберите его,
# пожалуйста, в каб. 214") asks the user to act, not to answer, unless it also asks for words
# back (_ASKS_FOR_WORDS) or ends with a question mark.
_POLITE_ONLY = frozenset(("please", "kindly", "pls", "пожалуйста", "прошу", "просим", "просьба"))
_ASKS_FOR_WORDS = lazy(
    r"\b(?:reply|respond|answer|confirm|let\s+(?:me|us)\s+know|get\s+back|rsvp|tell|send|share"
    r"|feedback|thoughts|opinion|comment|review|look|check|approve|advise|update\s+(?:me|us))"
    r"|ответ|подтверд|сообщ|напиш|дай(?:те)?\s+знать|пришл|присл|отправ|вышл|выслат|скин|отпиш"
    r"|уточн|соглас|посмотр|провер|глян|оцен|мнени|расскаж|подскаж|жду",
)
# "Ответьте, пожалуйста, на это письмо", "reply, if you can, to this email": asked to reply
# with words between the verb and the letter (the keywords' phrases have none).
_REPLY_TO_THIS = lazy(
    r"(?<![а-яё])(?:ответьте|ответь)(?![а-яё])[^.!?\n]{1,30}?на\s+(?:это|данное)\s+"
    r"(?:письмо|сообщение)|\breply\b[^.!?\n]{1,30}?\bto\s+this\s+(?:e-?mail|message)"
)
_DO_NOT_REPLY = ("not reply", "don't reply", "не отвечайте", "отвечать на него не", "no-reply")
_WORD = lazy(r"\w+")
_REPLY_SUBJECT = lazy(r"^\s*(?:re|fwd?|aw|wg|ответ|отв|пересл)\s*(?:\[\d+\]\s*)?:")


@dataclass(frozen=True, slots=True)
class Reply:
    expected: bool
    evidence: list[Evidence]
    request: bool  # an explicit request was found
    question: bool = False  # a question to the user was found
    cc_only: bool = False  # the user is in Cc (under one of their addresses), not in To


def reply_expected(letter: Letter, sender: SenderInfo, user_emails: list[str]) -> Reply:
    """Requests and questions to the user, direct To vs Cc; machines only when clearly asked."""
    if sender.kind != "person":
        asked = [h.keyword for h in letter.hits(EXPLICIT_REPLY)]
        if not asked and ("ответ" in letter.low or "reply" in letter.low):
            loose = _REPLY_TO_THIS.search(letter.low)
            asked = [loose.group(0)] if loose else []
        low = letter.text_low  # "do not reply" notices are not in the own words
        if asked and not has_any(low, _DO_NOT_REPLY):
            return Reply(True, [Evidence(source="body", text=asked[0])], True)
        return Reply(False, [], False)
    no_reply = letter.hits(NO_REPLY)
    if no_reply:
        return Reply(False, [Evidence(source="body", text=no_reply[0].keyword)], False)
    requests, questions, actions = _requests_and_questions(letter)
    if _cc_only(letter, user_emails):
        evidence = [Evidence(source="header:Cc", text="the user is only in Cc")]
        asked = letter.hits(EXPLICIT_REPLY)
        if asked:
            asked_ev = Evidence(source="body", text=asked[0].keyword)
            return Reply(True, [*evidence, asked_ev], True, cc_only=True)
        return Reply(False, evidence, bool(requests), bool(questions), cc_only=True)
    group = _GROUP_GREETING.search(normalize(letter.own[:80])) or _to_others(letter, user_emails)
    if group:
        # A letter to many asks this user to answer only in so many words.
        replies = [ev for ev in requests if _ASKS_TO_REPLY.search(normalize(ev.text))]
        if replies:
            return Reply(True, replies[:3], True, bool(questions))
        return Reply(False, [], bool(requests), bool(questions))
    if requests:
        return Reply(True, requests[:3], True, bool(questions))
    if questions and not letter.has(FYI):
        return Reply(True, questions[:3], False, True)
    if actions:  # asked to do something, not to answer
        evidence = [Evidence(source="rule:asks-to-act", text=ev.text) for ev in actions[:3]]
        return Reply(False, evidence, True)
    return Reply(False, [], False)


def _requests_and_questions(
    letter: Letter,
) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """Sentences with a request for an answer (keywords.py), sentences that ask a question, and
    sentences that only politely ask the user to do something ("please collect it")."""
    subject = "" if _REPLY_SUBJECT.match(normalize(letter.subject)) else letter.subject
    requests: list[Evidence] = []
    questions: list[Evidence] = []
    actions: list[Evidence] = []
    for source, text, hits in (
        ("subject", subject, letter.subject_hits if subject else ()),
        ("body", letter.own, letter.own_hits),
    ):
        asked = _requests(hits)
        if not asked and "?" not in text:
            continue
        first_words = {_first_word(hit) for hit in asked}
        for sentence in letter.own_sentences if source == "body" else sentences(text):
            low = normalize(sentence)
            asks = sentence.rstrip(" »\"')").endswith("?")
            found = (
                _mentioned(low, first_words)
                if any(w.rstrip("*") in low for w in first_words)
                else set()
            )
            if found:
                if _CLOSING_OFFER.search(low):
                    continue
                evidence = Evidence(source=source, text=sentence[:160])
                if found <= _POLITE_ONLY and not asks and not _ASKS_FOR_WORDS.search(low):
                    actions.append(evidence)
                else:
                    requests.append(evidence)
            elif asks:
                questions.append(Evidence(source=source, text=sentence[:160]))
    return requests, questions, actions


def _requests(hits: tuple[Hit, ...]) -> list[Hit]:
    polite_only = {h.index for h in hits if h.label == NOT_REQUEST}
    return [h for h in hits if h.label == REQUEST and h.index not in polite_only]


def _first_word(hit: Hit) -> str:
    return normalize(hit.keyword).split()[0]


def _mentioned(low: str, first_words: set[str]) -> set[str]:
    """Which of the words ("stem*": a word starting so) the (normalized) sentence has."""
    words = set(_WORD.findall(low))
    found = set()
    for first in first_words:
        if first.endswith("*"):
            if any(w.startswith(first[:-1]) for w in words):
                found.add(first)
        elif first in words:
            found.add(first)
    return found


def _to_others(letter: Letter, user_emails: list[str]) -> bool:
    """The user's addresses are known, and none is in To or Cc: a list or an alias reached them."""
    if not user_emails or not letter.mail.to:
        return False
    mine = {e.lower() for e in user_emails}
    return not any(a.email.lower() in mine for a in letter.mail.to + letter.mail.cc)


def _cc_only(letter: Letter, user_emails: list[str]) -> bool:
    if not user_emails:
        return False
    mine = {e.lower() for e in user_emails}
    in_to = any(a.email.lower() in mine for a in letter.mail.to)
    in_cc = any(a.email.lower() in mine for a in letter.mail.cc)
    return in_cc and not in_to

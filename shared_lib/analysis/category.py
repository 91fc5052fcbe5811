"""The letter's category: keyword scores (keywords.py) from the subject and own words, plus the
sender's kind, well-known service domains and the user's own sender lists."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from shared_lib.analysis.alerts import security_alert
from shared_lib.analysis.gmail_labels import category_votes
from shared_lib.analysis.keywords import BILL_DUE, CATEGORY, MONEY_PROBLEM
from shared_lib.analysis.lazy import LazyRegex, has_any, lazy
from shared_lib.analysis.letter import Letter
from shared_lib.analysis.model import Evidence, Place, SenderInfo
from shared_lib.analysis.places import names_a_room
from shared_lib.analysis.vocabulary import tokens

MAX_HITS = 3  # keywords counted per category and source: long letters do not outweigh short
# A machine writing about work items (a task assigned, a review, a project) is a tool's
# notification: its work words count for notifications, at this factor.
MACHINE_WORK_FACTOR = 0.5

# What words cannot show: amounts, card masks, percentages — each with the substrings (lower
# case) one of which must be in the letter for its pattern to be worth running.
_SYMBOLS: tuple[tuple[str, float, tuple[str, ...], LazyRegex], ...] = (
    (
        "finance",
        0.5,
        ("$", "€", "£", "₽", "руб", "rub", "usd", "eur"),
        lazy(r"[$€£₽]\s?\d|\d\s?(?:₽|руб\.|руб\b|rub\b|usd\b|eur\b)", re.I),
    ),
    ("finance", 2.0, ("*",), lazy(r"\*\d{4}\b")),
    # A numbered issue ("Issue #201", "issue 48"): a newsletter's; a bare "issue" is as often a
    # tracker's or an error tracker's item.
    ("newsletters", 2.0, ("issue",), lazy(r"\bissue\s*(?:#|no\.?\s*)?\d+", re.I)),
    # A tracker's issue key ("DAT-42", "OPS-1207"): a tool's notification.
    ("notifications", 1.5, ("-",), lazy(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b")),
    (
        "promotions",
        2.5,
        ("%",),
        lazy(r"\d\s?%\s*off|up\s+to\s+\d+\s?%|до\s+-?\d+\s?%|-\d+\s?%", re.I),
    ),
)

# Well-known services (machine senders only): domain or parent domain -> category.
_SERVICE_DOMAINS: dict[str, str] = {
    **dict.fromkeys(
        (
            "linkedin.com", "facebook.com", "facebookmail.com", "instagram.com", "twitter.com",
            "x.com", "vk.com", "vk.ru", "ok.ru", "reddit.com", "redditmail.com", "pinterest.com",
            "tiktok.com", "discord.com", "quora.com", "tumblr.com", "meetup.com", "youtube.com",
            "telegram.org", "threads.net", "mastodon.social",
        ),
        "social",
    ),
    **dict.fromkeys(
        (
            "substack.com", "medium.com", "beehiiv.com", "buttondown.email", "ghost.io",
            "tinyletter.com",
        ),
        "newsletters",
    ),
    **dict.fromkeys(
        (
            "amazon.com", "amazon.de", "amazon.co.uk", "ozon.ru", "wildberries.ru", "wb.ru",
            "aliexpress.com", "aliexpress.ru", "ebay.com", "etsy.com", "walmart.com",
            "market.yandex.ru", "avito.ru", "dns-shop.ru", "mvideo.ru", "megamarket.ru",
            "lamoda.ru", "ikea.com", "zalando.com", "asos.com", "bestbuy.com", "target.com",
        ),
        "shopping",
    ),
    **dict.fromkeys(
        (
            "aeroflot.ru", "rzd.ru", "booking.com", "airbnb.com", "expedia.com", "s7.ru",
            "pobeda.aero", "utair.ru", "tutu.ru", "aviasales.ru", "ostrovok.ru", "uber.com",
            "lufthansa.com", "britishairways.com", "ryanair.com", "easyjet.com", "delta.com",
            "united.com", "aa.com", "emirates.com", "trip.com", "skyscanner.net", "hotels.com",
            "taxi.yandex.ru", "go.yandex", "blablacar.com", "flysas.com", "klm.com",
            "airfrance.com",
        ),
        "travel",
    ),
    **dict.fromkeys(
        (
            "sberbank.ru", "sber.ru", "tinkoff.ru", "tbank.ru", "alfabank.ru", "vtb.ru",
            "raiffeisen.ru", "gazprombank.ru", "paypal.com", "stripe.com", "revolut.com",
            "wise.com", "chase.com", "bankofamerica.com", "wellsfargo.com", "citi.com",
            "americanexpress.com", "capitalone.com", "nalog.ru", "nalog.gov.ru", "yoomoney.ru",
            "monzo.com", "n26.com", "hsbc.com", "barclays.co.uk",
        ),
        "finance",
    ),
    **dict.fromkeys(
        (
            "accounts.google.com", "id.yandex.ru", "passport.yandex.ru",
            "accountprotection.microsoft.com", "id.apple.com", "appleid.apple.com",
            "id.vk.com", "1password.com", "lastpass.com", "okta.com",
        ),
        "security",
    ),
    **dict.fromkeys(
        (
            "github.com", "gitlab.com", "bitbucket.org", "atlassian.net", "atlassian.com",
            "gosuslugi.ru", "slack.com", "trello.com", "notion.so", "sentry.io", "circleci.com",
            "travis-ci.com", "vercel.com", "netlify.com", "heroku.com", "digitalocean.com",
            "cloud.google.com", "aws.amazon.com", "calendly.com", "dropbox.com", "mos.ru",
        ),
        "notifications",
    ),
}  # fmt: skip

FREE_MAIL_DOMAINS = frozenset(
    (
        "gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "live.com",
        "icloud.com", "me.com", "mail.ru", "bk.ru", "list.ru", "inbox.ru", "yandex.ru", "ya.ru",
        "yandex.com", "rambler.ru", "proton.me", "protonmail.com", "aol.com", "gmx.com",
        "gmx.de", "qq.com", "zoho.com", "hey.com", "fastmail.com", "posteo.de", "posteo.net",
        "web.de", "t-online.de", "freenet.de", "mail.de", "seznam.cz", "centrum.cz", "wp.pl",
        "o2.pl", "onet.pl", "interia.pl", "libero.it", "virgilio.it", "orange.fr", "free.fr",
        "laposte.net", "sfr.fr", "wanadoo.fr", "btinternet.com", "sky.com", "comcast.net",
        "verizon.net", "att.net", "sbcglobal.net", "mail.com", "email.com", "tutanota.com",
        "tuta.io", "pm.me", "ukr.net", "i.ua", "inbox.lv", "mail.ee", "abv.bg", "naver.com",
        "daum.net", "163.com", "126.com", "sina.com", "rediffmail.com", "bluewin.ch",
        "telenet.be", "ziggo.nl", "xs4all.nl", "kpnmail.nl", "shaw.ca", "rogers.com",
        "bigpond.com", "optusnet.com.au", "yandex.kz", "yandex.by", "yandex.ua", "ngs.ru",
        "e1.ru", "internet.ru",
    )
)  # fmt: skip
# Free-mail brands with a domain per country ("yahoo.co.uk", "hotmail.fr", "gmx.at").
_FREE_MAIL_BRANDS = frozenset(
    ("gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "msn", "gmx", "aol",
     "yandex", "icloud", "proton", "protonmail", "zoho")
)  # fmt: skip

# Display names that say the sender is family ("Мама", "Dad").
_FAMILY_NAMES = frozenset(
    ("мама", "папа", "мамочка", "папочка", "бабушка", "дедушка", "бабуля", "деда", "сестра",
     "сестренка", "брат", "братишка", "тетя", "дядя", "сын", "сынок", "дочь", "доченька", "жена",
     "муж", "любимая", "любимый", "mom", "mum", "mommy", "dad", "daddy", "grandma", "grandpa",
     "granny", "sister", "sis", "brother", "bro", "aunt", "uncle", "son", "daughter", "wife",
     "husband", "honey")
)  # fmt: skip
# Display names of a doctor's practice: the conventions count doctors as personal, even when
# their booking system writes (a booking portal named "Запись к врачу" is not a practice).
_MEDICAL_PRACTICE = lazy(
    r"\b(?:клиник\w*|поликлиник\w*|медцентр\w*|медицинск\w+\s+центр\w*|стоматолог\w*"
    r"|больниц\w*|госпитал\w*|clinic\w*|dental|dentistry|hospital|medical\s+cent(?:er|re)"
    r"|dr\.?\s+\w+|doctor'?s\s+office)",
    re.I,
)
# The user's sender-list names that say what a letter is about.
# A salutation to colleagues at the letter's start: written at work, whatever the topic
# (an office schedule for the holidays is work).
_COLLEAGUES_GREETING = lazy(
    r"^\W*(?:(?:hi|hello|dear|good\s+\w+),?\s+)?(?:colleagues|team)\b"
    r"|^\W*(?:(?:добрый\s+\w+|здравствуйте|доброе\s+утро|уважаемые),?\s+)?коллеги\b"
    r"|^\W*коллеги,\s+(?:добрый|здравствуйте|доброе)",
    re.I,
)
_LIST_HINTS: tuple[tuple[LazyRegex, str], ...] = (
    (lazy(r"work|colleague|коллег|работ|team|команд|client|клиент", re.I), "work"),
    (lazy(r"family|friend|семь|друз|родн|personal|личн", re.I), "personal"),
    (lazy(r"bank|finance|банк|финанс", re.I), "finance"),
)

_BY_KIND: dict[str, tuple[str, ...]] = {
    "person": ("work", "personal", "finance", "travel", "shopping"),
    "automated": (
        "security", "finance", "travel", "shopping", "promotions", "social", "newsletters",
        "notifications",
    ),
    "mailing_list": (
        "promotions", "newsletters", "notifications", "social", "security", "finance",
        "travel", "shopping",
    ),
}  # fmt: skip
_TIE_ORDER = (
    "security", "finance", "travel", "shopping", "promotions", "social", "newsletters",
    "work", "personal", "notifications",
)  # fmt: skip
_MIN_SCORE = {"finance": 3.0, "travel": 3.0, "shopping": 3.0}  # for letters from persons


def categorize(
    letter: Letter,
    sender: SenderInfo,
    places: Iterable[Place],
    gmail_labels: Collection[str] = (),
) -> tuple[str, list[Evidence]]:
    """The best-scoring category allowed for this kind of sender, and why (Gmail's tabs, where
    the letter carries them, count as one more clue: gmail_labels.py)."""
    scores: dict[str, float] = {}
    evidence: dict[str, list[tuple[str, str]]] = {}  # (source, text): Evidence for the winner

    def add(category: str, weight: float, ev: tuple[str, str]) -> None:
        scores[category] = scores.get(category, 0.0) + weight
        evidence.setdefault(category, []).append(ev)

    symbols = [
        (category, weight, pattern)
        for category, weight, hints, pattern in _SYMBOLS
        if has_any(letter.low, hints)
    ]
    sources = (
        ("subject", letter.subject, letter.subject_hits, 2.0),
        ("body", letter.own, letter.own_hits, 1.0),
    )
    for source, text, hits, factor in sources:
        keywords_seen: set[str] = set()
        per_category: dict[str, int] = {}
        for hit in hits:
            if not hit.label.startswith(CATEGORY):
                continue
            category = hit.label[len(CATEGORY) :]
            weight = hit.weight
            if category == "work" and sender.kind == "automated":
                category, weight = "notifications", weight * MACHINE_WORK_FACTOR
            if hit.keyword in keywords_seen or per_category.get(category, 0) >= MAX_HITS:
                continue  # each keyword once, at most MAX_HITS per category and source
            keywords_seen.add(hit.keyword)
            per_category[category] = per_category.get(category, 0) + 1
            add(category, weight * factor, (source, hit.keyword))
        for category, weight, pattern in symbols:
            m = pattern.search(text)
            if m:
                add(category, weight * factor, (source, m.group(0)))

    kind = sender.kind
    practice = None
    if kind == "person" and sender.name and _FAMILY_NAMES.intersection(tokens(sender.name)):
        add("personal", 8.0, ("sender", sender.name))
    if kind == "person":
        if free_mail(sender.domain):
            add("personal", 2.0, ("sender", f"free mail: {sender.domain}"))
        elif sender.domain:
            add("work", 1.5, ("sender", f"organisation: {sender.domain}"))
        greeting = _COLLEAGUES_GREETING.search(letter.own[:80])
        if greeting:
            add("work", 4.0, ("greeting", greeting.group(0).strip()))
        if any(p.kind == "meeting_link" or names_a_room(p) for p in places):
            add("work", 2.0, ("place", "meeting link or room"))
    else:
        practice = kind == "automated" and _MEDICAL_PRACTICE.search(sender.name[:120])
        if practice:
            add("personal", 4.0, ("sender", f"doctor's practice: {sender.name}"))
        alert = security_alert(letter)
        if alert:  # a blocked card, a sign-in attempt: a security letter, whatever the bank
            add("security", 3.0, alert)
        service = service_category(sender.domain)
        if service:
            add(service, 4.0, ("sender", f"service: {sender.domain}"))
        else:
            tool = _tool_header(letter.mail.headers)
            if tool:  # a self-hosted tool (its own domain) says what it is in its headers
                add("notifications", 8.0, (f"header:{tool}", "a tool's notification"))
        default = "notifications" if kind == "automated" else "newsletters"
        add(default, 0.5, ("sender", kind))
    for list_name in sender.categories:
        for pattern, category in _LIST_HINTS:
            if pattern.search(list_name):
                add(category, 8.0, (f"list:{list_name}", sender.email))
    for category, weight, ev in category_votes(gmail_labels):
        add(category, weight, ev)

    allowed = _BY_KIND[kind]
    if kind == "person" and _colleague_about_money(letter, sender):
        allowed = tuple(c for c in allowed if c != "finance")
    if practice:
        allowed = (*allowed, "personal")  # a doctor's practice (above)
    best, best_score = "", 0.0
    for category in _TIE_ORDER:
        score = scores.get(category, 0.0)
        if category not in allowed or score <= 0:
            continue
        if kind == "person" and score < _MIN_SCORE.get(category, 0.0):
            continue
        if score > best_score:
            best, best_score = category, score
    if not best:
        best = "work" if kind == "person" else "notifications"
    return best, [Evidence(source=source, text=text) for source, text in evidence.get(best, [])]


def _colleague_about_money(letter: Letter, sender: SenderInfo) -> bool:
    """A person at an organisation (not free mail), named by a person's name, who writes
    about money without asking the user to pay (an invoice to check, an act to sign): work,
    not finance. An accounts department asking for payment stays finance."""
    if not sender.domain or free_mail(sender.domain) or not _PERSON_NAME.match(sender.name):
        return False
    return not (letter.has(BILL_DUE) or letter.has(MONEY_PROBLEM))


# A person's name: two or three capitalised words ("Mateo Silva", «Ольга Кравец»).
_PERSON_NAME = lazy(r"^[A-ZА-ЯЁ][\w'’.-]{1,30}(?: [A-ZА-ЯЁ][\w'’.-]{1,30}){1,2}$")


def free_mail(domain: str) -> bool:
    """Whether the domain is a public mail provider's: its mailboxes are private persons'."""
    domain = domain.lower()
    if domain in FREE_MAIL_DOMAINS:
        return True
    labels = domain.split(".")
    # "yahoo.co.uk", "hotmail.fr": the brand, then a country or a generic top-level domain
    if labels[0] not in _FREE_MAIL_BRANDS or len(labels[-1]) > 3:
        return False
    return len(labels) == 2 or (len(labels) == 3 and labels[1] in ("co", "com", "ne", "or"))


# Header name prefixes of developer and work tools (self-hosted instances have their own
# domains): their mail is the tool's notification whatever its words are about.
_TOOL_HEADER_PREFIXES = (
    "x-gitlab-", "x-github-", "x-jira-", "x-jenkins-", "x-sentry-", "x-bitbucket-",
    "x-redmine-", "x-youtrack-", "x-gitea-", "x-teamcity-",
)  # fmt: skip


def _tool_header(headers: dict[str, str]) -> str | None:
    """The name of a tool's own header in the letter, if it has one."""
    for name in headers:
        if name.startswith(_TOOL_HEADER_PREFIXES):
            return name
    return None


def service_category(domain: str) -> str | None:
    """The category of a well-known service by its domain or any parent domain."""
    parts = domain.lower().split(".")
    for i in range(len(parts) - 1):
        found = _SERVICE_DOMAINS.get(".".join(parts[i:]))
        if found:
            return found
    return None

"""Texts of the settings validator (``shared_lib.settings_schema``) that the bot's own texts
don't already say: mostly what the settings page's API answers about a malformed change."""

from shared_lib.models import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "valid.body": {
        "en": "The change must be a JSON object.",
        "ru": "Изменение должно быть JSON-объектом.",
    },
    "valid.not_object": {"en": "must be an object", "ru": "должно быть объектом"},
    "valid.not_texts": {
        "en": "must be a list of texts",
        "ru": "должно быть списком строк",
    },
    "valid.not_bool": {"en": "must be true or false", "ru": "должно быть true или false"},
    "valid.unknown": {"en": "unknown field", "ru": "неизвестное поле"},
    "valid.unknown_field": {
        "en": "unknown field “{name}”",
        "ru": "неизвестное поле «{name}»",
    },
    "valid.twice": {
        "en": "“{name}” is given twice",
        "ru": "«{name}» указано дважды",
    },
    "valid.bad_mode": {
        "en": "the mode must be one of: {modes}",
        "ru": "режим должен быть одним из: {modes}",
    },
    "valid.bad_category": {
        "en": "“{name}” is not a category; the categories: {categories}",
        "ru": "«{name}» — не категория; категории: {categories}",
    },
    "valid.bad_lang": {
        "en": "the language must be one of: {langs}",
        "ru": "язык должен быть одним из: {langs}",
    },
    "valid.no_keywords": {
        "en": "give at least one keyword",
        "ru": "укажите хотя бы одно ключевое слово",
    },
    "valid.bad_digest_mode": {
        "en": "the digest must be one of: {modes}",
        "ru": "сводка должна быть одной из: {modes}",
    },
    "valid.digest_needs_time": {
        "en": "a daily digest needs a time of day, e.g. 09:00",
        "ru": "для ежедневной сводки нужно время, например 09:00",
    },
    "valid.too_many_hashtags": {
        "en": "at most {max} hashtags",
        "ru": "не больше {max} хэштегов",
    },
    "valid.too_many_lists": {
        "en": "at most {max} sender lists",
        "ru": "не больше {max} списков отправителей",
    },
    "valid.too_many_entries": {
        "en": "at most {max} addresses and domains",
        "ru": "не больше {max} адресов и доменов",
    },
}

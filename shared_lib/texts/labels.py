"""How texts name things: categories, urgencies, sender lists, muted senders (``i18n.label``).

``label.<kind>`` is the name on its own (the nominative in Russian); ``label.<kind>.of`` the form
after "because of" (Russian genitive: «из-за VIP-списка …»), where it differs.
"""

from shared_lib.models import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "urgency.urgent": {"en": "Urgent", "ru": "Срочно"},
    "urgency.normal": {"en": "New letter", "ru": "Новое письмо"},
    "urgency.low": {"en": "Low priority", "ru": "Неважное"},
    "category.work": {"en": "Work", "ru": "Работа"},
    "category.personal": {"en": "Personal", "ru": "Личное"},
    "category.finance": {"en": "Finance", "ru": "Финансы"},
    "category.travel": {"en": "Travel", "ru": "Поездки"},
    "category.shopping": {"en": "Shopping", "ru": "Покупки"},
    "category.promotions": {"en": "Promotions", "ru": "Акции"},
    "category.social": {"en": "Social", "ru": "Соцсети"},
    "category.notifications": {"en": "Notifications", "ru": "Уведомления"},
    "category.security": {"en": "Security", "ru": "Безопасность"},
    "category.newsletters": {"en": "Newsletters", "ru": "Рассылки"},
    "label.vip": {"en": "the VIP list {name}", "ru": "VIP-список {name}"},
    "label.vip.of": {"en": "the VIP list {name}", "ru": "VIP-списка {name}"},
    "label.list": {"en": "the list {name}", "ru": "список {name}"},
    "label.list.of": {"en": "the list {name}", "ru": "списка {name}"},
    "label.muted_sender": {"en": "the muted sender {name}", "ru": "отключённый отправитель {name}"},
    "label.muted_domain": {"en": "the muted domain {name}", "ru": "отключённый домен {name}"},
}

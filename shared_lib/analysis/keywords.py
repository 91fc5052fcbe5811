"""The words the analysis looks for, ru and en, in one vocabulary: one pass over a letter's
words finds them all (see vocabulary.py; "stem*" matches word forms, ё reads as е)."""

from __future__ import annotations

from functools import cache

from shared_lib.analysis.vocabulary import Vocabulary

CATEGORY = "category:"  # + the category name
REQUEST = "request"
NOT_REQUEST = "not_request"  # "please find attached": polite, asks for nothing
NO_REPLY = "no_reply"
FYI = "fyi"
EXPLICIT_REPLY = "explicit_reply"
URGENT = "urgent"
HURRY = "hurry"  # "asap", "immediately": urgent from a person; machines say it of themselves
NOT_URGENT = "not_urgent"  # "не срочно", "for urgent matters contact..."
SECURITY_ALERT = "security_alert"
EVENT = "event"
RECEIPT = "receipt"
BILL_DUE = "bill_due"  # a bill or a fine to pay, later: normal, not a routine receipt
TRIP_DONE = "trip_done"  # a finished ride or trip: its receipt
WITHIN_A_DAY = "within_a_day"  # today, tonight, by tomorrow
MONEY_PROBLEM = "money_problem"  # a payment failed, a debt, an exceeded budget
BOOKED = "booked"  # an appointment made for the user, a delivery arriving, a pickup ready
# Words that make a place pattern worth running (places.py).
STREET_RU = "street_ru"
HOUSE_RU = "house_ru"
STREET_EN = "street_en"
STATION = "station"
ROOM = "room"
PLACE_LABEL = "place_label"
MEETING_SERVICE = "meeting_service"

# Category keywords with their weights.
CATEGORY_KEYWORDS: dict[str, tuple[float, str]] = {
    "security": (
        3.0,
        "new sign in|sign in attempt|login attempt|log in attempt|new login|new device"
        "|security alert|security code|security check|password*|verification code|two factor"
        "|2fa|fraud*|мошенни*|suspicious|unusual activity|unusual sign*|secure your account"
        "|access from new|access from a new|guard code|login code|вход в аккаунт|вход в ваш аккаунт"
        "|вход в учетн*|вход в профил*|вход в личный|выполнен вход|новый вход|нового устройства"
        "|код подтвержд*|парол*|двухфактор*|подозрительн*|восстановлени* доступа|безопасност*"
        "|попытк* входа|код для входа"
        "|card has been blocked|card was blocked|card is blocked|card blocked|blocked your card"
        "|card has been locked|card was locked|card locked|locked your card|card has been frozen"
        "|card was frozen|froze your card|tried to sign in|tried to log in|attempted to sign in"
        "|карта заблокировать|заблокировать карта|заблокировать ваш карта|блокировка карта"
        "|пытаться войти|попытка войти",
    ),
    "finance": (
        2.0,
        "invoice*|payment*|overdue|unpaid|late fee|bill|bills|billing|billed|statement*"
        "|receipt*|transaction*|refund*|balance|bank|loan*|mortgage*|tax|taxes|счет на*"
        "|счет фактур*|платеж*|оплат*|задолженность|просрочка|пеня|списани*|зачислени*"
        "|выписк*|транзакци*"
        "|перевод средств|перевод на сумму|денежн* перевод*|возврат средств|баланс*|по карте"
        "|кредит*|ипотек*|налог*|банк|штраф|budget*|бюджет*|квитанци*|пополнени*",
    ),
    "travel": (
        2.0,
        "flight*|boarding|check in|itinerar*|hotel*|reservation*|train|trains|airport*"
        "|terminal|gate|passenger*|baggage|visa application|car rental|ride|rides|riding|taxi"
        "|такси|рейс*|посадочн*|регистраци* на рейс"
        "|бронировани*|бронь|брони|отел*|гостиниц*|поезд*|электронн* билет*|билет*|вагон*"
        "|аэропорт*|вокзал*|пассажир*|багаж*|трансфер*|вылет*|прилет*|перелет*",
    ),
    "shopping": (
        2.0,
        "order|orders|ordered|shipped|shipment*|delivery|delivered|package|parcel|tracking"
        "|track your|arriving|cart|заказ*|доставк*|доставлен*|пункт* выдачи|постамат*|посылк*"
        "|трек номер|товар*|продав*",
    ),
    "promotions": (
        2.5,
        "sale|discount*|promo code|promocode|coupon*|deal|deals|black friday|cyber monday"
        "|shop now|buy now|limited time|special offer|free shipping|new collection|скидк*"
        "|распродаж*|промокод*|купон*|акция|акции|акцию|черн* пятниц*|успейте|выгод*"
        "|спецпредложени*|нов* коллекци*|бесплатн* доставк*|кешбэк|кешбек|new arrivals"
        "|last chance|only today|последний шанс|только сегодня|дарим|подар*|бонус*|баллов"
        "|баллы",
    ),
    "social": (
        2.5,
        "liked|tagged you|new follower*|followed you|friend request|connection request"
        "|invitation to connect|wants to connect|endorsed|your post|your photo|your story"
        "|лайк*|оценил*|отметил* вас|подписал* на вас|заявк* в друзья|подписаться на ваш"
        "|подписчик*|ваш пост|вашу запись|ваше фото|вашу фотографию"
        "|viewed your profile|посмотрел* ваш профиль|your network|people you may know"
        "|new connection*|reactions|reacted to|followers",
    ),
    "newsletters": (
        2.0,
        "digest|newsletter*|in this issue|top stories|read more|podcast*|webinar*|вебинар*"
        "|дайджест*|рассылк*|выпуск*|лучш* стат*|лучш* публикаци*|статьи|статей|публикаци*"
        "|подкаст*",
    ),
    "notifications": (
        1.5,
        "notification*|status|build|pipeline*|ci|workflow*|failed|succeeded|deployed"
        "|reminder*|has been updated|your request|ticket|уведомлени*|статус*|заявлени*"
        "|напоминани*|обращени*|изменен*",
    ),
    "work": (
        1.5,
        "meeting*|sync|report*|project*|contract*|client*|deadline*|review|presentation*"
        "|roadmap*|minutes|agenda|task|tasks|sprint*|release*|server*|production"
        "|deploy*|colleague*|team|hiring|quarterly|department*|office|proposal*|draft|slides"
        "|conference*|speaker*|доклад*|слайд*|конференци*"
        "|workspace*|pull request*|merge request*|repositor*|document*|spreadsheet*"
        "|встреч*|созвон*|совещани*|планерк*|отчет*|проект*|договор*|клиент*|дедлайн*|ревью"
        "|презентаци*|повестк*|задач*|спринт*|релиз*|сервер*|прод|продакшн*|консол*"
        "|коллега|команда|отдел|офис|диплом*|курсов* работ*|руководител*|согласовани*"
        "|документ*|макет*|доступ* к",
    ),
    "personal": (
        2.0,
        "dinner*|lunch|party|birthday*|family|mom|mum|dad|grandma|grandpa|sister*|brother*"
        "|weekend*|holiday*|wedding*|kids|photos|love you|movie*|parents|school|kindergarten"
        "|hike|hiking|vacation|ужин*|обед* вместе|вечеринк*|день рождени*|дня рождени*"
        "|семья|родственник|мама|папа"
        "|бабушк*|дедушк*|сестра|брат|дач*|выходны*|праздник*|нов* год*"
        "|свадьб*|фотографи*|фотк*|целую|обнимаю|люблю|в гости|погулять|кино|мамочк*|поход*"
        "|родител*|школ*|детск* сад*|классн* руковод*|квартира|коммуналка|сосед|аренда|арендодатель"
        "|квартиросъемщик|landlord|tenant",
    ),
}

# Words that say how often mail comes, not what it is about: a social network's or a shop's
# weekly mail is still social or shopping. They tip a letter towards newsletters only weakly.
CATEGORY_WEAK_KEYWORDS: dict[str, tuple[float, str]] = {
    # Comments, mentions and messages: social networks and work tools (trackers, documents,
    # chats) both send them; what they are about decides.
    "social": (
        1.0,
        "commented|mentioned you|replied to your|new message from|новое сообщение"
        "|новые сообщения|комментари*|прокомментировал*|ответил* на ваш*|упомянул* вас",
    ),
    "newsletters": (
        1.0,
        "weekly|this week|monthly|this month|еженедельн*|ежемесячн*|за неделю|за месяц",
    ),
}

_GROUPS: dict[str, str] = {
    REQUEST: (
        "please|kindly|pls|can you|could you|would you|will you|let me know|let us know"
        "|get back to me|get back to us|waiting for your|looking forward to your"
        "|looking forward to hearing|i need you|i need your|need your|rsvp|what do you think"
        "|any thoughts|any feedback|any comments|send me|send us|call me|text me|ring me"
        "|tell me|пожалуйста|прошу|просим|просьба|пришли|пришлите|отправь|отправьте|подтверди"
        "|подтвердите|ответь|ответьте|позвони|позвоните|перезвони|перезвоните|напиши|напишите"
        "|сообщи|сообщите|дай знать|дайте знать|посмотри|посмотрите|проверь|проверьте|скинь"
        "|скиньте|вышли|вышлите|подпиши|подпишите|согласуй|согласуйте|уточни|уточните|набери"
        "|наберите|можешь|можете|сможешь|сможете|не могли бы|не мог бы|не могла бы|жду ответа"
        "|жду твоего|жду вашего|жду от тебя|жду от вас|нужен твой|нужна твоя|нужно твое"
        "|нужны твои|нужен ваш|нужна ваша|нужно ваше|нужны ваши|буду благодар*|буду признател*"
    ),
    NOT_REQUEST: (
        "please find|please see|please note|please do not|please don t|please disregard"
        "|please ignore|please be advised"
    ),
    NO_REPLY: (
        "no action needed|no action is needed|no action required|no action is required"
        "|no reply needed|no reply required|no response needed|no response required"
        "|no need to reply|no need to respond|no need to do anything|don t need to reply"
        "|don t need to do anything|do not need to do anything|do not reply|don t reply"
        "|не отвечайте|не нужно отвечать|не надо отвечать|не требуется отвечать"
        "|отвечать не нужно|отвечать на него не нужно|отвечать на это письмо не нужно"
        "|ответа не требуется|ответ не требуется|не требует ответа|ничего делать не нужно"
        "|делать ничего не нужно|не нужно ничего делать"
    ),
    FYI: "fyi|for your information|for reference|для информации|к сведению",
    EXPLICIT_REPLY: (
        "reply to this email|reply to this e mail|reply to this message|please reply"
        "|reply with|reply directly|reply yes|reply no|just reply|simply reply|hit reply"
        "|reply to confirm|reply to let us know|ответный письмо|ответить на этот письмо"
        "|ответить на данный письмо|ответить на этот сообщение|ответить на данный сообщение"
        "|ответьте да|ответьте нет"
    ),
    URGENT: (
        "urgent|urgently|emergency|time sensitive|action required|final notice"
        "|срочн*|безотлагательно|крайне важно|горят сроки|сроки горят"
    ),
    HURRY: (
        "asap|immediately|as soon as possible|right away|немедленно|как можно скорее"
        "|как можно быстрее|в кратчайшие сроки"
    ),
    NOT_URGENT: (
        "не срочн*|несрочн*|не горит|не к спеху|когда будет время|когда будет минутка"
        "|not urgent|nothing urgent|no rush|no hurry|whenever you can|whenever you have time"
        "|at your convenience|for urgent|for any urgent|in case of urgent|in case of emergency"
        "|по срочным|в срочных|если срочно|если что то срочно"
    ),
    SECURITY_ALERT: (
        "new sign in|sign in attempt|login attempt|log in attempt|new login|new device"
        "|signed in|used to sign in|unusual activity|unusual sign*|suspicious"
        "|password was changed|password has been changed|password changed|security alert"
        "|account was locked|account has been locked|account locked|account compromised"
        "|access from new|access from a new|вход в аккаунт|вход в ваш аккаунт|вход в учетн*"
        "|вход в профил*|вход в личный|выполнен вход|новый вход|нового устройства|подозрительн*"
        "|пароль был изменен|пароль изменен|пароль успешно изменен|смена пароля|смены пароля"
        "|аккаунт заблокирован|аккаунт был заблокирован|попытк* входа"
        "|card has been blocked|card was blocked|card is blocked|card blocked|blocked your card"
        "|card has been locked|card was locked|card locked|locked your card|card has been frozen"
        "|card was frozen|froze your card|tried to sign in|tried to log in|attempted to sign in"
        "|карта заблокировать|заблокировать карта|заблокировать ваш карта|блокировка карта"
        "|пытаться войти|попытка войти"
    ),
    EVENT: (
        "meeting|meetings|sync|call|invite|invited|invitation|appointment*|interview*"
        "|webinar*|встреч*|созвон*|совещани*|приглаша*|собеседовани*|прием|запись на"
        "|lunch|dinner|breakfast|coffee|drinks|party|ужин|обед|завтрак|кофе|вечеринка|увидеться"
        "|встретиться|давай|давайте|пойдем|пойдемте|сходим|let s|shall we|wanna|want to join"
        "|want to come"
        "|записаны на"
    ),
    MONEY_PROBLEM: (
        "overdue|past due|unpaid|payment failed|payment has failed|payment declined"
        "|payment was declined|card was declined|card declined|insufficient funds"
        "|could not process your payment|couldn t process your payment|unable to charge"
        "|unable to process your payment|budget exceeded|exceeded your budget|over budget"
        "|задолженность|просрочка|просрочить|недостаточно средств|платеж не пройти"
        "|оплата не пройти|не удаться списать|не удаться оплатить|не удаться провести"
        "|превысить бюджет|бюджет превысить|превышение бюджета"
    ),
    BOOKED: (
        "appointment*|записать на прием|запись на прием"
        "|запись к врачу|прием у врач|ваш визит|arriving today|arrives today|out for delivery"
        "|arriving tomorrow|arrives tomorrow|will arrive|доставить завтра|доставить сегодня"
        "|will be delivered today|ready for pickup|ready for collection|курьер|готовый к выдача"
        "|доставить в пункт|ждать в пункт|ждать вас|ожидать вас|waiting for you at|ready to collect"
        "|ожидать в пункт|прибыть в пункт|поступить в пункт"
    ),
    BILL_DUE: (
        "payment due|amount due|balance due|due date|pay by|please pay|pay now|оплатить до"
        "|оплатите|срок оплаты|к оплате|оплатить со скидкой|погасить|внесите платеж"
        "|внести платеж"
    ),
    TRIP_DONE: (
        "thanks for riding|thanks for traveling with|thanks for travelling with|your ride with"
        "|your trip with|trip receipt|ride receipt|спасибо за поездку|поездка завершена"
        "|ваша поездка"
    ),
    WITHIN_A_DAY: (
        "today|tonight|this morning|this afternoon|this evening|by tomorrow|tomorrow morning"
        "|within the hour|within hours|in an hour|end of day|eod|end of the day|сегодня"
        "|сегодняшний|до завтра|завтра утром|к утру|в течение часа|через час|до конца дня"
    ),
    RECEIPT: (
        "receipt*|thanks for riding|thanks for your order|thanks for your purchase"
        "|thanks for your payment|total|чек|спасибо за поездку|спасибо за покупку"
        "|спасибо за заказ|спасибо за оплату|итого"
    ),
    STREET_RU: (
        "ул|улица|улице|улицу|улицы|пр|просп|проспект*|пер|переулок|переулке|б р|бул|бульвар*"
        "|наб|набережн*|ш|шоссе|пл|площад*|проезд*|тупик*|аллея|аллее|мкр|микрорайон*"
    ),
    HOUSE_RU: "д|дом",
    STREET_EN: (
        "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|place|pl|square|sq"
        "|court|ct|terrace|parkway|pkwy|highway|hwy|plaza|crescent|close|row|gardens|embankment"
    ),
    STATION: "вокзал*|аэропорт*|метро|станци*|платформ*|terminal|airport|station",
    ROOM: (
        "переговорн*|конференц*|комнат*|кабинет*|каб|аудитори*|ауд|офис|офисе|зал|зала|зале"
        "|залу|room|rm|office|suite|boardroom"
    ),
    PLACE_LABEL: "адрес|место|где|address|location|venue|where",
    MEETING_SERVICE: "zoom|meet|teams|телемост*|telemost|jitsi|webex|skype|whereby",
}


@cache
def vocabulary() -> Vocabulary:
    """All the keywords above, built on first use."""
    return Vocabulary(
        [
            (keyword, CATEGORY + category, weight)
            for table in (CATEGORY_KEYWORDS, CATEGORY_WEAK_KEYWORDS)
            for category, (weight, keywords) in table.items()
            for keyword in keywords.split("|")
        ]
        + [
            (keyword, label, 1.0)
            for label, keywords in _GROUPS.items()
            for keyword in keywords.split("|")
        ]
    )

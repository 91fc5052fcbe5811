"""The settings page: a Telegram Mini App served by ``telegram_webhook`` at ``/app``, with its
JSON API at ``/api/*``. Users are known only through verified Telegram initData."""

from shared_lib.webapp.api import MAX_BODY, WebRequest, handle, is_webapp_path, too_large

__all__ = ["MAX_BODY", "WebRequest", "handle", "is_webapp_path", "too_large"]

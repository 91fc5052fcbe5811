"""The settings page: a Telegram Mini App served by ``telegram_webhook`` at ``/app``, with its
JSON API at ``/api/*``. Users are known only through verified Telegram initData."""

from shared_lib.webapp.api import WebRequest, handle, is_webapp_path

__all__ = ["WebRequest", "handle", "is_webapp_path"]

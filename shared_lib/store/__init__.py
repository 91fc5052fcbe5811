"""Firestore: typed access to every document Telemail keeps.

Layout (see shared/design.md): ``users/{uid}`` with ``accounts/{email}``, ``mail/{message id}``
and ``rules/current`` below it; ``oauth_states/{nonce}``, ``accounts_by_email/{email}``,
``outbox_sent/{key}``. Documents with ``expires_at`` are removed by Firestore TTL policies.
Each area lives in its own module; ``Store`` combines them.
"""

from shared_lib.store.accounts import AccountsStore
from shared_lib.store.base import utcnow
from shared_lib.store.digests import DigestStore
from shared_lib.store.erase import EraseStore
from shared_lib.store.learning import LearningStore
from shared_lib.store.mail import MailStore
from shared_lib.store.oauth import OAuthStatesStore
from shared_lib.store.outbox import OutboxStore
from shared_lib.store.rules import RulesStore
from shared_lib.store.users import UsersStore
from shared_lib.store.webapp import WebAppStore

__all__ = ["Store", "utcnow"]


class Store(
    UsersStore,
    OAuthStatesStore,
    AccountsStore,
    MailStore,
    OutboxStore,
    RulesStore,
    EraseStore,
    WebAppStore,
    DigestStore,
    LearningStore,
):
    """All of Telemail's Firestore documents."""

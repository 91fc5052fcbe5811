"""The whole of Telemail on one machine: emulators, stand-ins, the four functions, push wiring.

``LocalStack`` is used by the integration tests (one per test session) and by ``scripts/stack``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from shared_lib.config import (
    ALL_TOPICS,
    TOPIC_DIGEST_TICK,
    TOPIC_EVENTS,
    TOPIC_GMAIL_PUSH,
    TOPIC_OUTBOX,
)
from shared_lib.crypto import generate_key
from telemail_local import DEMO_LETTERS, gmail_server, google_server, push_relay, telegram_server
from telemail_local.demo import DEMO_ADDRESS, DEMO_ALIAS, DEMO_NAME, DemoMailbox
from telemail_local.emulators import Emulators
from telemail_local.procs import LOOPBACK, Process, ServerThread, free_port, wait_for_port
from telemail_local.scheduler import TICK_PAYLOAD, LocalScheduler

ROOT = Path(__file__).resolve().parent.parent

# function name -> (signature type, {topic: push path}) ; HTTP functions get push subscriptions
FUNCTIONS: dict[str, str] = {
    "telegram_webhook": "http",
    "oauth_callback": "http",
    "gmail_push": "cloudevent",
    "digest_cron": "cloudevent",
}
PUSH_INVOKER = "telemail-invoker@telemail-local.iam.gserviceaccount.com"
PUSH_SUBSCRIPTIONS: dict[str, tuple[str, str]] = {
    # subscription -> (topic, function + path)
    "outbox-push": (TOPIC_OUTBOX, "telegram_webhook/outbox"),
    "events-push": (TOPIC_EVENTS, "telegram_webhook/events"),
    "gmail-push-trigger": (TOPIC_GMAIL_PUSH, "gmail_push/"),
    "digest-tick-trigger": (TOPIC_DIGEST_TICK, "digest_cron/"),
}


@dataclass
class Secrets:
    """Values the cloud keeps in Secret Manager; made fresh for every local stack."""

    bot_token: str = field(default_factory=lambda: "7000000001:LOCAL-" + generate_key()[:30])
    webhook_secret: str = field(default_factory=lambda: generate_key()[:32])
    oauth_client_id: str = "telemail-local.apps.googleusercontent.com"
    oauth_client_secret: str = field(default_factory=lambda: "GOCSPX-" + generate_key()[:24])
    state_signing_key: str = field(default_factory=generate_key)
    token_encryption_keys: str = field(default_factory=lambda: "k1:" + generate_key())


class LocalStack:
    def __init__(
        self,
        log_dir: Path,
        project_id: str = "telemail-local",
        telegram_port: int | None = None,
        tick_every: float = 0,
        letters: Path = DEMO_LETTERS,
    ) -> None:
        """`tick_every`: seconds between Scheduler ticks (0: none; the tests tick themselves);
        `letters`: the demo mailbox's folder of ``*.eml``."""
        self.log_dir = log_dir
        self.tick_every = tick_every
        self.scheduler: LocalScheduler | None = None
        self._tick_publisher: Any = None
        self.telegram_port = telegram_port
        self.project_id = project_id
        self.secrets = Secrets()
        self.ports = {name: free_port() for name in FUNCTIONS}
        self.emulators: Emulators | None = None
        self.telegram = telegram_server.TelegramStandIn(token=self.secrets.bot_token)
        self.google = google_server.GoogleStandIn(
            client_id=self.secrets.oauth_client_id,
            client_secret=self.secrets.oauth_client_secret,
            redirect_uris=[self.function_url("oauth_callback") + "/callback"],
        )
        self.gmail = gmail_server.GmailStandIn(self.google, project_id)
        self.demo = DemoMailbox(self.gmail, letters)
        self.google.add_account(DEMO_ADDRESS, DEMO_NAME)
        self.gmail.add_alias(DEMO_ADDRESS, DEMO_ALIAS, "Sasha Demo")
        self._servers: list[ServerThread] = []
        self._functions: dict[str, Process] = {}

    def function_url(self, name: str) -> str:
        return f"http://{LOOPBACK}:{self.ports[name]}"

    @property
    def telegram_url(self) -> str:
        return self._servers[0].url

    @property
    def google_url(self) -> str:
        return self._servers[1].url

    def function_env(self) -> dict[str, str]:
        """The environment each function process runs with (the cloud sets the same names)."""
        assert self.emulators is not None
        s, google = self.secrets, self.google_url
        return {
            **self.emulators.env,
            "TELEMAIL_BOT_TOKEN": s.bot_token,
            "TELEMAIL_WEBHOOK_SECRET": s.webhook_secret,
            "TELEMAIL_TELEGRAM_API_BASE_URL": f"{self.telegram_url}/bot",
            "TELEMAIL_OAUTH_CLIENT_ID": s.oauth_client_id,
            "TELEMAIL_OAUTH_CLIENT_SECRET": s.oauth_client_secret,
            "TELEMAIL_GOOGLE_AUTH_URI": f"{google}/o/oauth2/v2/auth",
            "TELEMAIL_GOOGLE_TOKEN_URI": f"{google}/token",
            "TELEMAIL_GOOGLE_REVOKE_URI": f"{google}/revoke",
            "TELEMAIL_GOOGLE_USERINFO_URI": f"{google}/oauth2/v3/userinfo",
            "TELEMAIL_GMAIL_API_BASE_URL": f"{google}/",
            "TELEMAIL_OAUTH_START_URL": self.function_url("oauth_callback") + "/start",
            "TELEMAIL_OAUTH_REDIRECT_URI": self.function_url("oauth_callback") + "/callback",
            "TELEMAIL_SETTINGS_PAGE_URL": self.function_url("telegram_webhook") + "/app",
            "TELEMAIL_STATE_SIGNING_KEY": s.state_signing_key,
            "TELEMAIL_TOKEN_ENCRYPTION_KEYS": s.token_encryption_keys,
            "TELEMAIL_PUSH_AUDIENCE": self.function_url("telegram_webhook"),
            "TELEMAIL_PUSH_INVOKER_EMAIL": PUSH_INVOKER,
            "TELEMAIL_PUSH_CERTS_URL": f"{google}/oauth2/v1/certs",
            "OAUTHLIB_INSECURE_TRANSPORT": "1",  # the stand-ins speak plain HTTP on loopback
        }

    def start(self) -> LocalStack:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            self.emulators = Emulators(self.project_id, self.log_dir)
            os.environ.update(self.emulators.env)  # this process's clients use them too
            chat_app = telegram_server.create_app(self.telegram)
            self.demo.register(chat_app)
            self._servers.append(ServerThread(chat_app, self.telegram_port))
            self._servers.append(ServerThread(google_server.create_app(self.google, self.gmail)))
            self._servers.append(
                ServerThread(push_relay.create_app(self.google.id_tokens, self._push_targets()))
            )
            # The functions run this checkout's code, whichever checkout the venv was made in.
            path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
            env = {**os.environ, **self.function_env(), "PYTHONPATH": path}
            bin_dir = Path(sys.executable).parent
            ff = shutil.which("functions-framework", path=str(bin_dir)) or "functions-framework"
            for name, signature in FUNCTIONS.items():
                self._functions[name] = Process(
                    name,
                    [
                        ff,
                        "--target",
                        name,
                        "--source",
                        str(ROOT / "functions" / name / "main.py"),
                        "--signature-type",
                        signature,
                        "--host",
                        LOOPBACK,
                        "--port",
                        str(self.ports[name]),
                    ],
                    {**env, "THREADS": "8"},
                    self.log_dir,
                )
            for name, proc in self._functions.items():
                wait_for_port(self.ports[name], 60, proc.proc)
            self._wire_pubsub()
            self._set_webhook()
            if self.tick_every > 0:
                self.scheduler = LocalScheduler(self._publish_tick, self.tick_every).start()
        except BaseException:  # Ctrl-C while starting too: leave no process behind
            self.stop()
            raise
        return self

    def endpoints(self) -> list[tuple[str, str]]:
        """What runs where: (what, address) for each emulator, function and stand-in."""
        assert self.emulators is not None
        found = [
            ("Firestore emulator", f"{LOOPBACK}:{self.emulators.firestore_port}"),
            ("Pub/Sub emulator", f"{LOOPBACK}:{self.emulators.pubsub_port}"),
        ]
        found += [(f"function {name}", self.function_url(name)) for name in FUNCTIONS]
        found += [
            ("Telegram Bot API stand-in", f"{self.telegram_url}/bot<token>/"),
            ("Google OAuth + Gmail API stand-in", self.google_url),
            ("Pub/Sub push relay (OIDC)", self.push_relay_url),
        ]
        return found

    @property
    def push_relay_url(self) -> str:
        return self._servers[2].url

    def _push_targets(self) -> dict[str, push_relay.PushTarget]:
        targets = {}
        for sub, (_, target) in PUSH_SUBSCRIPTIONS.items():
            function, _, path = target.partition("/")
            targets[sub] = push_relay.PushTarget(
                url=f"{self.function_url(function)}/{path}",
                audience=self.function_url(function),
                service_account=PUSH_INVOKER,
            )
        return targets

    def _wire_pubsub(self) -> None:
        from google.api_core.exceptions import AlreadyExists
        from google.cloud import pubsub_v1

        publisher, subscriber = pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient()
        for topic in ALL_TOPICS:
            with contextlib.suppress(AlreadyExists):
                publisher.create_topic(name=publisher.topic_path(self.project_id, topic))
        for sub, (topic, _target) in PUSH_SUBSCRIPTIONS.items():
            with contextlib.suppress(AlreadyExists):
                subscriber.create_subscription(
                    name=subscriber.subscription_path(self.project_id, sub),
                    topic=publisher.topic_path(self.project_id, topic),
                    push_config={"push_endpoint": f"{self.push_relay_url}/push/{sub}"},
                    ack_deadline_seconds=60,
                )
        subscriber.close()

    def _set_webhook(self) -> None:
        """What the deploy does once: tell Telegram where the webhook is, with its secret."""
        response = requests.post(
            f"{self.telegram_url}/bot{self.secrets.bot_token}/setWebhook",
            json={
                "url": self.function_url("telegram_webhook") + "/webhook",
                "secret_token": self.secrets.webhook_secret,
            },
            timeout=10,
        )
        response.raise_for_status()

    def gmail_topic(self) -> str:
        return f"projects/{self.project_id}/topics/{TOPIC_GMAIL_PUSH}"

    def log_tails(self, lines: int = 30) -> str:
        """The last lines of every log of the stack, for a report of what went wrong."""
        parts = []
        for path in sorted(self.log_dir.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name} (last {len(tail)} lines)\n" + "\n".join(tail))
        return "\n".join(parts)

    def function_log(self, name: str) -> str:
        return self._functions[name].log_text()

    def _publish_tick(self) -> None:
        """What the deployed Cloud Scheduler job does: a message on the digest-tick topic."""
        from google.cloud import pubsub_v1

        if self._tick_publisher is None:
            self._tick_publisher = pubsub_v1.PublisherClient()
        topic = self._tick_publisher.topic_path(self.project_id, TOPIC_DIGEST_TICK)
        self._tick_publisher.publish(topic, json.dumps(TICK_PAYLOAD).encode()).result(timeout=30)

    def stop(self) -> None:
        """Stop everything, the entry points first (Scheduler, push relay, stand-ins), so no
        push or webhook reaches a function that is already gone."""
        if self.scheduler is not None:
            self.scheduler.stop()
        for server in reversed(self._servers):
            server.stop()
        for proc in self._functions.values():
            proc.stop()
        if self.emulators is not None:
            self.emulators.stop()

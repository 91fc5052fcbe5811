"""The real Firestore and Pub/Sub emulators from the Google Cloud CLI, on free ports."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from telemail_local.procs import LOOPBACK, Process, free_port, wait_for_port

STARTUP_SECONDS = 90


class Emulators:
    """Firestore + Pub/Sub emulators; ``env`` is what a client process needs to reach them."""

    def __init__(self, project_id: str, log_dir: Path) -> None:
        gcloud = shutil.which("gcloud")
        if gcloud is None:
            raise RuntimeError("gcloud not found: run scripts/bootstrap to install the emulators")
        self.project_id = project_id
        self.firestore_port = free_port()
        self.pubsub_port = free_port()
        env = {**os.environ, "CLOUDSDK_CORE_DISABLE_PROMPTS": "1"}
        self._firestore = Process(
            "firestore-emulator",
            [
                gcloud,
                "emulators",
                "firestore",
                "start",
                f"--host-port={LOOPBACK}:{self.firestore_port}",
            ],
            env,
            log_dir,
        )
        self._pubsub = Process(
            "pubsub-emulator",
            [
                gcloud,
                "beta",
                "emulators",
                "pubsub",
                "start",
                f"--host-port={LOOPBACK}:{self.pubsub_port}",
                f"--project={project_id}",
            ],
            env,
            log_dir,
        )
        try:
            wait_for_port(self.firestore_port, STARTUP_SECONDS, self._firestore.proc)
            wait_for_port(self.pubsub_port, STARTUP_SECONDS, self._pubsub.proc)
        except Exception:
            self.stop()
            raise

    @property
    def env(self) -> dict[str, str]:
        return {
            "FIRESTORE_EMULATOR_HOST": f"{LOOPBACK}:{self.firestore_port}",
            "PUBSUB_EMULATOR_HOST": f"{LOOPBACK}:{self.pubsub_port}",
            "GOOGLE_CLOUD_PROJECT": self.project_id,
        }

    def stop(self) -> None:
        self._firestore.stop()
        self._pubsub.stop()

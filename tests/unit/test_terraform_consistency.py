"""terraform/*.tf against the code: functions, topics, subscriptions, secrets, settings, TTLs.

Everything is read with python-hcl2, offline (the Google provider is never downloaded), so a
function, topic, secret or setting renamed on one side only fails here, not at deploy time.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2
import pytest
from hcl2.utils import SerializationOptions

from shared_lib import config
from shared_lib.config import ALL_TOPICS, SECRET_SETTINGS, Settings

REPO = Path(__file__).resolve().parents[2]
TF_DIR = REPO / "terraform"
FUNCTIONS_DIR = REPO / "functions"
SHARED_DIR = REPO / "shared_lib"

# Collection groups whose documents expire through the `expires_at` TTL policy.
TTL_COLLECTIONS = {"oauth_states", "mail", "outbox_sent"}
# Which push route of telegram_webhook each push subscription's topic is delivered to.
PUSH_ROUTES = {config.TOPIC_OUTBOX: "/outbox", config.TOPIC_EVENTS: "/events"}
# Which topic each CloudEvent function is triggered by.
TRIGGERS = {"gmail_push": config.TOPIC_GMAIL_PUSH, "digest_cron": config.TOPIC_DIGEST_TICK}

FUNCTION = "google_cloudfunctions2_function"
TOPIC = "google_pubsub_topic"
SECRET = "google_secret_manager_secret"


@dataclass
class Terraform:
    """The merged top-level blocks of every terraform/*.tf file."""

    resources: dict[str, dict[str, dict[str, Any]]]
    locals: dict[str, Any]
    variables: dict[str, dict[str, Any]]
    outputs: dict[str, dict[str, Any]]
    data: dict[str, dict[str, dict[str, Any]]]
    terraform: list[dict[str, Any]]

    def resource(self, type_: str, name: str) -> dict[str, Any]:
        assert name in self.resources.get(type_, {}), f"no resource {type_}.{name}"
        return self.resources[type_][name]

    def strings(self) -> Iterator[str]:
        """Every string anywhere in the configuration (expressions included)."""
        for part in (self.resources, self.locals, self.variables, self.outputs, self.data):
            yield from _strings(part)
        yield from _strings(self.terraform)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _merge_named(target: dict[str, dict[str, Any]], blocks: list[dict[str, Any]], where: str):
    for block in blocks:
        for type_, named in block.items():
            for name, body in named.items():
                assert name not in target.setdefault(type_, {}), f"{type_}.{name} twice ({where})"
                target[type_][name] = body


def load_terraform(tf_dir: Path = TF_DIR) -> Terraform:
    options = SerializationOptions(
        strip_string_quotes=True, with_comments=False, explicit_blocks=False
    )
    tf = Terraform({}, {}, {}, {}, {}, [])
    files = sorted(tf_dir.glob("*.tf"))
    assert files, f"no .tf files in {tf_dir}"
    for path in files:
        with path.open(encoding="utf-8") as handle:
            parsed = hcl2.load(handle, serialization_options=options)
        _merge_named(tf.resources, parsed.get("resource", []), path.name)
        _merge_named(tf.data, parsed.get("data", []), path.name)
        for block in parsed.get("locals", []):
            for name, value in block.items():
                assert name not in tf.locals, f"local.{name} defined twice ({path.name})"
                tf.locals[name] = value
        for kind, target in (("variable", tf.variables), ("output", tf.outputs)):
            for block in parsed.get(kind, []):
                for name, body in block.items():
                    assert name not in target, f"{kind} {name} defined twice ({path.name})"
                    target[name] = body
        tf.terraform.extend(parsed.get("terraform", []))
    return tf


@pytest.fixture(scope="module")
def tf() -> Terraform:
    return load_terraform()


def function_folders() -> set[str]:
    return {
        p.name for p in FUNCTIONS_DIR.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    }


def function_table(tf: Terraform) -> dict[str, dict[str, Any]]:
    return tf.locals["functions"]


def ref(expression: str) -> str:
    """The inside of a plain ``${...}`` expression."""
    match = re.fullmatch(r"\$\{(.*)\}", expression)
    assert match, f"not a single expression: {expression!r}"
    return match.group(1)


def indexed_keys(tf: Terraform, address: str) -> set[str]:
    """Keys used in ``address["key"]`` references anywhere in the configuration."""
    pattern = re.compile(re.escape(address) + r'\["([^"]+)"\]')
    return {key for text in tf.strings() for key in pattern.findall(text)}


def parse_py(path: Path) -> ast.Module:
    """The module's syntax tree; a file that does not parse fails the test, by name."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as exc:
        pytest.fail(f"{path.relative_to(REPO)} does not parse: {exc}")


def decorator_kind(main_py: Path, entry_point: str) -> str | None:
    """``http`` or ``cloud_event`` for the functions_framework decorator of ``entry_point``."""
    tree = parse_py(main_py)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == entry_point:
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in ("http", "cloud_event"):
                    return target.attr
            return "undecorated"
    return None


def reachable_modules(main_py: Path) -> set[Path]:
    """main.py and every shared_lib module it imports, transitively."""
    seen: set[Path] = set()
    todo = [main_py]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(parse_py(path)):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                if not name.startswith("shared_lib"):
                    continue
                base = REPO.joinpath(*name.split("."))
                for candidate in (base.with_suffix(".py"), base / "__init__.py"):
                    if candidate.is_file():
                        todo.append(candidate)
    return seen


def published_topics(paths: set[Path]) -> set[str]:
    """Topics named in ``….publish(TOPIC_X, …)`` calls (constants of shared_lib.config)."""
    topics: set[str] = set()
    for path in paths:
        for node in ast.walk(parse_py(path)):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "publish"
                and node.args
            ):
                continue
            first = node.args[0]
            if isinstance(first, ast.Name) and first.id.startswith("TOPIC_"):
                topics.add(getattr(config, first.id))
            elif isinstance(first, ast.Constant) and isinstance(first.value, str):
                topics.add(first.value)
    return topics


# --- functions ----------------------------------------------------------------------------


def test_every_function_folder_is_a_function_resource_with_its_entry_point(tf):
    fn = tf.resource(FUNCTION, "function")
    assert ref(fn["for_each"]) == "local.functions"
    assert set(function_table(tf)) == function_folders()
    build = fn["build_config"][0]
    assert ref(build["entry_point"]) == "each.key"
    assert build["runtime"] == "python312"
    assert ref(build["source"][0]["storage_source"][0]["object"]).startswith(
        "google_storage_bucket_object.source[each.key]"
    )


def test_each_main_py_defines_its_entry_point_with_the_matching_trigger_kind(tf):
    table = function_table(tf)
    for name in sorted(function_folders()):
        main_py = FUNCTIONS_DIR / name / "main.py"
        if not main_py.is_file():
            continue  # not written yet; the folder check above still holds it to a resource
        kind = decorator_kind(main_py, name)
        assert kind is not None, f"functions/{name}/main.py defines no function {name}()"
        expected = "http" if table[name]["trigger_topic"] is None else "cloud_event"
        assert kind == expected, f"{name}: decorated {kind}, Terraform deploys it as {expected}"


def test_functions_scale_to_zero_with_memory_and_an_instance_cap(tf):
    service = tf.resource(FUNCTION, "function")["service_config"][0]
    assert service["min_instance_count"] == 0
    assert ref(service["max_instance_count"]) == "each.value.max_instances"
    assert ref(service["available_memory"]) == "each.value.memory"
    for name, spec in function_table(tf).items():
        assert isinstance(spec["max_instances"], int) and spec["max_instances"] >= 1, name
        assert re.fullmatch(r"\d+(Mi|Gi)", spec["memory"]), name


def test_cloud_event_functions_trigger_on_existing_topics_through_the_invoker(tf):
    table = function_table(tf)
    triggered = {
        name: spec["trigger_topic"] for name, spec in table.items() if spec["trigger_topic"]
    }
    assert triggered == TRIGGERS
    assert set(triggered.values()) <= set(tf.locals["topics"])
    trigger = tf.resource(FUNCTION, "function")["dynamic"][0]["event_trigger"]["content"][0]
    assert ref(trigger["pubsub_topic"]) == "google_pubsub_topic.topic[event_trigger.value].id"
    assert trigger["event_type"] == "google.cloud.pubsub.topic.v1.messagePublished"
    assert ref(trigger["service_account_email"]) == "google_service_account.invoker.email"
    assert set(triggered) <= set(tf.locals["invoker_functions"])
    for name in triggered:
        assert table[name]["public"] is False, f"{name} is event-driven and must not be public"


def test_scheduler_publishes_the_digest_tick(tf):
    jobs = tf.resources["google_cloud_scheduler_job"].values()
    targets = [ref(job["pubsub_target"][0]["topic_name"]) for job in jobs]
    assert f'google_pubsub_topic.topic["{config.TOPIC_DIGEST_TICK}"].id' in targets


# --- topics and subscriptions -------------------------------------------------------------


def test_topics_are_exactly_all_topics(tf):
    assert sorted(tf.locals["topics"]) == sorted(ALL_TOPICS)
    topic = tf.resource(TOPIC, "topic")
    assert ref(topic["for_each"]) == "toset(local.topics)"
    assert ref(topic["name"]) == "each.key"


def test_references_use_existing_topics_functions_and_secrets(tf):
    known = {
        "google_pubsub_topic.topic": set(tf.locals["topics"]),
        "google_cloudfunctions2_function.function": set(function_table(tf)),
        "google_service_account.function": set(function_table(tf)),
        "google_storage_bucket_object.source": set(function_table(tf)),
        "google_secret_manager_secret.secret": set(tf.locals["secrets"]),
        "local.functions": set(function_table(tf)),
        "local.function_urls": set(function_table(tf)),
    }
    for address, keys in known.items():
        unknown = indexed_keys(tf, address) - keys
        assert not unknown, f"{address}[...] refers to missing {sorted(unknown)}"


def test_references_name_declared_resources_locals_and_variables(tf):
    declared = {(type_, name) for type_, named in tf.resources.items() for name in named}
    resource_ref = re.compile(r"(?<![\w.])((?:google|terraform)_[a-z0-9_]+)\.([a-z0-9_]+)")
    local_ref = re.compile(r"(?<![\w.])local\.([a-z0-9_]+)")
    var_ref = re.compile(r"(?<![\w.])var\.([a-z0-9_]+)")
    data_ref = re.compile(r"(?<![\w.])data\.([a-z0-9_]+)\.([a-z0-9_]+)")
    data_declared = {(type_, name) for type_, named in tf.data.items() for name in named}
    for text in tf.strings():
        if "${" not in text:
            continue
        for found in resource_ref.findall(text):
            assert found in declared, f"{'.'.join(found)} is not declared (in {text!r})"
        for name in local_ref.findall(text):
            assert name in tf.locals, f"local.{name} is not declared"
        for name in var_ref.findall(text):
            assert name in tf.variables, f"var.{name} is not declared"
        for found in data_ref.findall(text):
            assert found in data_declared, f"data.{'.'.join(found)} is not declared"


def push_subscriptions(tf: Terraform) -> dict[str, dict[str, Any]]:
    subs = tf.resources["google_pubsub_subscription"]
    return {name: body for name, body in subs.items() if "push_config" in body}


def test_push_subscriptions_target_function_routes_with_an_invoker_oidc_token(tf):
    endpoint = re.compile(
        r"\$\{google_cloudfunctions2_function\.function\[\"(\w+)\"\]\.url\}(/\w+)"
    )
    routes: dict[str, str] = {}
    for name, sub in push_subscriptions(tf).items():
        push = sub["push_config"][0]
        match = endpoint.fullmatch(push["push_endpoint"])
        assert match, f"{name}: push endpoint is not a function URL: {push['push_endpoint']}"
        function, path = match.groups()
        assert function in function_table(tf), f"{name} pushes to missing function {function}"
        assert function in tf.locals["invoker_functions"], f"invoker may not call {function}"
        main_py = FUNCTIONS_DIR / function / "main.py"
        if main_py.is_file():
            assert f'"{path}"' in main_py.read_text(encoding="utf-8"), f"{function} has no {path}"
        token = push["oidc_token"][0]
        assert ref(token["service_account_email"]) == "google_service_account.invoker.email"
        assert token.get("audience"), f"{name}: OIDC token without an explicit audience"
        topic = re.fullmatch(r'google_pubsub_topic\.topic\["(.+)"\]\.id', ref(sub["topic"]))
        assert topic, f"{name}: topic is not one of google_pubsub_topic.topic"
        routes[topic.group(1)] = path
    assert routes == PUSH_ROUTES


def test_outbox_retries_with_backoff_then_dead_letters_and_keeps_them(tf):
    subs = tf.resources["google_pubsub_subscription"]
    outbox_topic = f'google_pubsub_topic.topic["{config.TOPIC_OUTBOX}"].id'
    dead_topic = f'google_pubsub_topic.topic["{config.TOPIC_OUTBOX_DEAD_LETTER}"].id'
    [(outbox_name, outbox)] = [
        (name, sub)
        for name, sub in push_subscriptions(tf).items()
        if ref(sub["topic"]) == outbox_topic
    ]
    assert outbox["ack_deadline_seconds"]
    backoff = outbox["retry_policy"][0]
    assert backoff["minimum_backoff"] and backoff["maximum_backoff"]
    dead_letter = outbox["dead_letter_policy"][0]
    assert ref(dead_letter["dead_letter_topic"]) == dead_topic
    assert dead_letter["max_delivery_attempts"]

    agent = "google_project_service_identity.pubsub.email"
    publishers = tf.resources["google_pubsub_topic_iam_member"].values()
    assert any(
        ref(p["topic"]) == dead_topic
        and p["role"] == "roles/pubsub.publisher"
        and agent in p["member"]
        for p in publishers
    ), "the Pub/Sub service agent cannot publish to the dead-letter topic"
    subscribers = tf.resources["google_pubsub_subscription_iam_member"].values()
    assert any(
        ref(s["subscription"]) == f"google_pubsub_subscription.{outbox_name}.name"
        and s["role"] == "roles/pubsub.subscriber"
        and agent in s["member"]
        for s in subscribers
    ), "the Pub/Sub service agent cannot acknowledge on the outbox subscription"

    holders = [s for s in subs.values() if ref(s["topic"]) == dead_topic and "push_config" not in s]
    assert holders, "no pull subscription keeps the dead letters"
    for sub in subs.values():
        assert sub["expiration_policy"][0]["ttl"] == "", "a subscription may expire when idle"


def test_pubsub_agent_may_sign_push_tokens_for_the_invoker(tf):
    grants = tf.resources["google_service_account_iam_member"].values()
    assert any(
        ref(g["service_account_id"]) == "google_service_account.invoker.name"
        and g["role"] == "roles/iam.serviceAccountTokenCreator"
        and "google_project_service_identity.pubsub.email" in g["member"]
        for g in grants
    )


def test_gmail_may_publish_to_the_gmail_push_topic(tf):
    grants = tf.resources["google_pubsub_topic_iam_member"].values()
    assert any(
        ref(g["topic"]) == f'google_pubsub_topic.topic["{config.TOPIC_GMAIL_PUSH}"].id'
        and g["role"] == "roles/pubsub.publisher"
        and g["member"] == "serviceAccount:gmail-api-push@system.gserviceaccount.com"
        for g in grants
    )


def test_functions_may_publish_to_every_topic_their_code_publishes_to(tf):
    table = function_table(tf)
    grant = tf.resource("google_pubsub_topic_iam_member", "function_publisher")
    assert ref(grant["for_each"]) == "local.function_topics"
    assert ref(grant["topic"]) == "google_pubsub_topic.topic[each.value.topic].id"
    for name, spec in table.items():
        assert set(spec["publishes_to"]) <= set(ALL_TOPICS), name
        main_py = FUNCTIONS_DIR / name / "main.py"
        if main_py.is_file():
            needed = published_topics(reachable_modules(main_py))
            missing = needed - set(spec["publishes_to"])
            assert not missing, f"{name} publishes to {sorted(missing)} without a grant"


def test_each_function_runs_as_its_own_account_with_firestore_access(tf):
    accounts = tf.resource("google_service_account", "function")
    assert ref(accounts["for_each"]) == "local.functions"
    service = tf.resource(FUNCTION, "function")["service_config"][0]
    assert (
        ref(service["service_account_email"]) == "google_service_account.function[each.key].email"
    )
    firestore = tf.resource("google_project_iam_member", "function_firestore")
    assert ref(firestore["for_each"]) == "local.functions"
    assert firestore["role"] == "roles/datastore.user"


# --- secrets and settings -----------------------------------------------------------------


def test_every_secret_setting_is_a_secret_manager_secret(tf):
    assert sorted(tf.locals["secrets"]) == sorted(SECRET_SETTINGS)
    assert ref(tf.resource(SECRET, "secret")["for_each"]) == "toset(local.secrets)"
    for name in SECRET_SETTINGS:
        assert name in Settings.model_fields, f"secret {name} is not a Settings field"


def test_function_secrets_are_defined_mounted_by_setting_name_and_granted(tf):
    used: set[str] = set()
    for name, spec in function_table(tf).items():
        unknown = set(spec["secrets"]) - set(SECRET_SETTINGS)
        assert not unknown, f"{name} mounts undefined secrets {sorted(unknown)}"
        used |= set(spec["secrets"])
    assert used == set(SECRET_SETTINGS), f"secrets no function reads: {set(SECRET_SETTINGS) - used}"

    dynamic = tf.resource(FUNCTION, "function")["service_config"][0]["dynamic"][0]
    block = dynamic["secret_environment_variables"]
    assert ref(block["for_each"]) == "toset(each.value.secrets)"
    content = block["content"][0]
    # Settings reads TELEMAIL_<UPPER_NAME>.
    assert content["key"] == "TELEMAIL_${upper(secret_environment_variables.value)}"
    assert Settings.model_config["env_prefix"] == "TELEMAIL_"
    assert ref(content["secret"]) == (
        "google_secret_manager_secret.secret[secret_environment_variables.value].secret_id"
    )

    access = tf.resource("google_secret_manager_secret_iam_member", "function_accessor")
    assert ref(access["for_each"]) == "local.function_secrets"
    assert ref(access["secret_id"]) == "google_secret_manager_secret.secret[each.value.secret].id"
    assert access["role"] == "roles/secretmanager.secretAccessor"
    assert "google_service_account.function[each.value.function]" in access["member"]


def test_plain_environment_is_non_secret_settings_only(tf):
    env = tf.locals["function_env"]
    assert Settings.model_fields["project_id"].validation_alias == "GOOGLE_CLOUD_PROJECT"
    assert "GOOGLE_CLOUD_PROJECT" in env
    for key in env:
        if key == "GOOGLE_CLOUD_PROJECT":
            continue
        assert key.startswith("TELEMAIL_"), key
        field = key.removeprefix("TELEMAIL_").lower()
        assert field in Settings.model_fields, f"{key}: Settings has no field {field}"
        assert field not in SECRET_SETTINGS, f"{key} is a secret in plain environment"
    assert {
        "TELEMAIL_OAUTH_CLIENT_ID",
        "TELEMAIL_OAUTH_START_URL",
        "TELEMAIL_OAUTH_REDIRECT_URI",
    } <= set(env)
    assert env["TELEMAIL_OAUTH_START_URL"].endswith("/start")
    assert env["TELEMAIL_OAUTH_REDIRECT_URI"].endswith("/callback")
    assert 'local.function_urls["oauth_callback"]' in env["TELEMAIL_OAUTH_REDIRECT_URI"]


def test_outputs_give_the_webhook_and_redirect_urls_and_settings(tf):
    assert {"webhook_url", "oauth_redirect_uri", "settings"} <= set(tf.outputs)
    assert tf.locals["webhook_url"].endswith("/webhook")
    assert tf.locals["oauth_redirect_uri"].endswith("/callback")
    assert (
        'google_cloudfunctions2_function.function["telegram_webhook"]' in tf.locals["webhook_url"]
    )


# --- Firestore ----------------------------------------------------------------------------


def test_ttl_policies_cover_the_expiring_collections(tf):
    assert tf.locals["firestore_ttl_field"] == "expires_at"
    assert set(tf.locals["firestore_ttl_collections"]) >= TTL_COLLECTIONS
    ttl = tf.resource("google_firestore_field", "ttl")
    assert ref(ttl["for_each"]) == "toset(local.firestore_ttl_collections)"
    assert ref(ttl["collection"]) == "each.key"
    assert ref(ttl["field"]) == "local.firestore_ttl_field"
    assert "ttl_config" in ttl


def string_constants(paths: list[Path]) -> dict[str, str]:
    """Module-level ``NAME = "literal"`` assignments in ``paths``."""
    found: dict[str, str] = {}
    for path in paths:
        for node in parse_py(path).body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found[node.targets[0].id] = node.value.value
    return found


def test_ttl_collections_are_the_ones_the_store_writes():
    constants = string_constants([*SHARED_DIR.glob("store.py"), *SHARED_DIR.glob("store/*.py")])
    names = {k: v for k, v in constants.items() if k in ("OAUTH_STATES", "OUTBOX_SENT", "MAIL")}
    assert names, "no collection name constants found in the store"
    for constant, collection in names.items():
        assert collection in TTL_COLLECTIONS, f"{constant} = {collection!r} has no TTL policy"
    sources = (p.read_text(encoding="utf-8") for p in SHARED_DIR.rglob("*.py"))
    assert any('"expires_at"' in text for text in sources), "no code writes expires_at"


def collection_group_filters() -> set[str]:
    """``group/field`` of every ``collection_group(GROUP).where(...field...)`` in shared_lib."""
    paths = sorted(SHARED_DIR.rglob("*.py"))
    constants = string_constants(paths)
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(parse_py(path)):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "where"
                and isinstance(node.func.value, ast.Call)
                and isinstance(node.func.value.func, ast.Attribute)
                and node.func.value.func.attr == "collection_group"
            ):
                continue
            group_arg = node.func.value.args[0]
            group = (
                constants.get(group_arg.id)
                if isinstance(group_arg, ast.Name)
                else getattr(group_arg, "value", None)
            )
            condition = next((k.value for k in node.keywords if k.arg == "filter"), None)
            field_arg = condition.args[0] if isinstance(condition, ast.Call) else node.args[0]
            assert group and isinstance(field_arg, ast.Constant), f"unreadable query in {path}"
            found.add(f"{group}/{field_arg.value}")
    return found


def test_collection_group_queries_have_a_collection_group_index(tf):
    declared = set(tf.locals["firestore_collection_group_fields"])
    for index in tf.locals["firestore_composite_indexes"].values():
        if index["query_scope"] == "COLLECTION_GROUP":
            declared.add(f"{index['collection']}/{index['fields'][0]['field_path']}")
    missing = collection_group_filters() - declared
    assert not missing, f"collection-group queries without an index: {sorted(missing)}"
    field = tf.resource("google_firestore_field", "collection_group")
    scopes = {index["query_scope"] for index in field["index_config"][0]["indexes"]}
    assert "COLLECTION_GROUP" in scopes


def test_firestore_is_the_default_native_database(tf):
    db = tf.resource("google_firestore_database", "main")
    assert db["name"] == "(default)"
    assert db["type"] == "FIRESTORE_NATIVE"


# --- providers and formatting -------------------------------------------------------------


def test_google_providers_are_pinned(tf):
    providers: dict[str, Any] = {}
    for block in tf.terraform:
        for required in block.get("required_providers", []):
            providers.update(required)
    for name in ("google", "google-beta"):
        assert name in providers, f"{name} provider not required"
        assert providers[name]["source"] == f"hashicorp/{name}"
        assert re.search(r"\d", providers[name].get("version", "")), f"{name} not pinned"


def test_terraform_fmt_is_clean():
    terraform = shutil.which("terraform")
    if terraform is None:
        pytest.skip("terraform binary not on PATH: `terraform fmt -check` not run")
    result = subprocess.run(
        [terraform, "fmt", "-check", "-recursive", "-diff", str(TF_DIR)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}{result.stderr}"

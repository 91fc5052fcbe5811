// Telemail settings page: a Telegram Mini App without telegram-web-app.js.
// Telegram opens it as ".../app#tgWebAppData=<initData>&tgWebAppVersion=…"; every API call sends
// that initData (Authorization: tma …) and the server learns who we are only from it.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const state = { initData: "", settings: null, letters: [], texts: {}, lang: "en" };
  const FALLBACK = {
    en: {
      "webapp.error.unauthorized": "Telegram did not confirm who you are. Open this page from the bot again.",
      "webapp.error.network": "Telemail cannot be reached. Try again.",
      "webapp.error.not_registered": "Send /start to the bot first.",
    },
    ru: {
      "webapp.error.unauthorized": "Telegram не подтвердил, кто вы. Откройте страницу из бота ещё раз.",
      "webapp.error.network": "Telemail недоступен. Попробуйте ещё раз.",
      "webapp.error.not_registered": "Сначала отправьте боту /start.",
    },
  };
  const ICON = { urgent: "🔴", normal: "✉️", low: "⚪" };

  // --- Telegram launch parameters -------------------------------------------------------------
  function launchParams() {
    return new URLSearchParams(location.hash.slice(1));
  }
  function readInitData() {
    const tg = window.Telegram && window.Telegram.WebApp;
    if (tg && tg.initData) return tg.initData;
    return launchParams().get("tgWebAppData") || "";
  }
  function unverifiedLang(initData) {
    // Only to pick the language of an error shown before the server answered.
    try {
      const user = JSON.parse(new URLSearchParams(initData).get("user") || "{}");
      return /^(ru|uk|be|kk)/.test(user.language_code || "") ? "ru" : "en";
    } catch (e) {
      return "en";
    }
  }
  function applyTheme() {
    let theme = {};
    const tg = window.Telegram && window.Telegram.WebApp;
    try {
      theme = (tg && tg.themeParams) || JSON.parse(launchParams().get("tgWebAppThemeParams") || "{}");
    } catch (e) {
      theme = {};
    }
    const vars = {
      bg_color: "--bg", text_color: "--text", hint_color: "--hint", link_color: "--link",
      button_color: "--button", button_text_color: "--button-text", secondary_bg_color: "--secondary-bg",
    };
    for (const [key, name] of Object.entries(vars)) {
      const value = theme[key];
      if (typeof value === "string" && /^#[0-9a-f]{3,8}$/i.test(value)) {
        document.documentElement.style.setProperty(name, value);
      }
    }
    if (tg && typeof tg.ready === "function") tg.ready();
  }

  // --- display-safe text ----------------------------------------------------------------------
  // The rule of shared_lib/safe_text.py (the server applies it to every answer too): bidi
  // controls and other invisible format characters, controls and lone surrogates are removed,
  // so nothing from a letter can reorder or hide what is shown. Kept: tab and new lines, the
  // visible Arabic number signs, a (non-)joiner between two letters or two emoji, and the tag
  // characters of a subdivision flag after 🏴.
  const UNSEEN = /\u{1F3F4}[\u{E0020}-\u{E007E}]{1,30}\u{E007F}|[\p{Cf}\p{Cc}\p{Cs}]/gu;
  const VISIBLE = /^[\t\n\r\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]$/u;
  const LETTER = /^[\p{L}\p{M}]$/u;
  const EMOJI = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]$/u;
  function pointBefore(text, at) {
    if (at <= 0) return "";
    const unit = text.charCodeAt(at - 1);
    const start = unit >= 0xdc00 && unit <= 0xdfff && at >= 2 ? at - 2 : at - 1;
    return String.fromCodePoint(text.codePointAt(start));
  }
  function pointAfter(text, at) {
    return at < text.length ? String.fromCodePoint(text.codePointAt(at)) : "";
  }
  function kept(ch, at, text) {
    if (VISIBLE.test(ch) || ch.length > 2) return ch; // ch.length > 2: a subdivision flag
    const before = pointBefore(text, at);
    const after = pointAfter(text, at + ch.length);
    if (ch === "\u200c" || ch === "\u200d") {
      const letters = LETTER.test(before) && LETTER.test(after) && before > "\x7f" && after > "\x7f";
      return letters || (EMOJI.test(before) && EMOJI.test(after)) ? ch : "";
    }
    return "";
  }
  function clean(text) {
    return typeof text === "string" ? text.replace(UNSEEN, kept) : text;
  }

  // --- texts and status -----------------------------------------------------------------------
  function T(key) {
    return state.texts[key] || (FALLBACK[state.lang] || FALLBACK.en)[key] || key;
  }
  function status(text, kind) {
    const el = $("status");
    el.textContent = clean(text);
    el.dataset.state = kind;
  }

  // --- the API --------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(code, data) {
      super((data && data.message) || `HTTP ${code}`);
      this.code = code;
      this.data = data;
    }
  }
  async function api(method, path, body) {
    const headers = { Authorization: "tma " + state.initData };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(new URL("api/" + path, location.href), {
        method, headers, cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, { message: T("webapp.error.network") });
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
  function explain(error) {
    if (error.code === 401) return T("webapp.error.unauthorized");
    if (error.code === 0) return T("webapp.error.network");
    return T("webapp.error").replace("{message}", error.message);
  }
  async function save(change) {
    status(T("webapp.saving"), "busy");
    try {
      const settings = await api("PATCH", "settings", change);
      show(settings);
      status(T("webapp.saved"), "ok");
      return true;
    } catch (error) {
      status(explain(error), "error");
      return false;
    }
  }
  async function loadLetters() {
    try {
      state.letters = (await api("GET", "letters?limit=20")).letters;
      renderLetters();
    } catch (error) {
      status(explain(error), "error");
    }
  }

  // --- helpers for building the page ----------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = clean(value);
      else if (key.startsWith("data-")) node.setAttribute(key, value);
      else node[key] = clean(value);
    }
    for (const child of children) if (child != null) node.append(clean(child));
    return node;
  }
  function modeSelect(select, value) {
    select.replaceChildren(
      ...state.settings.choices.modes.map((m) => el("option", { value: m, text: T("webapp.mode." + m) })),
    );
    select.value = value || "instant";
    return select;
  }
  // Long subjects and names are cut, with an ellipsis, so that one letter cannot fill the page.
  const LIMITS = { subject: 200, name: 80, address: 120, gist: 400, why: 300 };
  const clip = (text, limit) => {
    const chars = Array.from(String(text || ""));  // code points: never half an emoji
    return chars.length <= limit ? chars.join("") : chars.slice(0, limit - 1).join("").trimEnd() + "…";
  };
  // The zone the browser is in, offered with one tap while the saved one differs (issue #17).
  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      return "";
    }
  }
  const words = (text) => text.split(",").map((w) => w.trim()).filter(Boolean);
  const lines = (text) => text.split(/[\n,;]/).map((w) => w.trim()).filter(Boolean);

  // --- rendering ------------------------------------------------------------------------------
  function show(settings) {
    state.settings = settings;
    state.texts = settings.texts;
    state.lang = settings.user.lang;
    document.documentElement.lang = state.lang;
    document.title = T("webapp.title");
    $("title").textContent = T("webapp.title");
    for (const node of document.querySelectorAll("[data-t]")) node.textContent = T(node.dataset.t);
    for (const node of document.querySelectorAll("[data-ph]")) node.placeholder = T(node.dataset.ph);
    renderAccounts();
    renderHashtags();
    renderLists();
    renderCategories();
    renderPrefs();
    renderLetters();
    $("content").hidden = false;
  }

  function renderAccounts() {
    const accounts = state.settings.accounts;
    $("accounts").replaceChildren(
      ...(accounts.length
        ? accounts.map((a) =>
            el("li", { "data-email": a.email }, `${a.email} · ${T("webapp.account." + a.status)}`))
        : [el("li", { class: "hint", text: T("webapp.accounts.none") })]),
    );
  }

  function renderHashtags() {
    const rows = Object.entries(state.settings.rules.hashtags).map(([tag, h]) => {
      const keywords = el("input", { class: "keywords", value: h.keywords.join(", ") });
      const mode = modeSelect(el("select", { class: "mode" }), h.mode);
      return el(
        "div", { class: "item", "data-tag": tag },
        el("span", { class: "tag", text: "#" + tag }), keywords, mode,
        el("button", {
          type: "button", class: "save", text: T("webapp.save"),
          onclick: () => save({ hashtags: { [tag]: { keywords: words(keywords.value), mode: mode.value } } }),
        }),
        el("button", {
          type: "button", class: "danger delete", text: T("webapp.delete"),
          onclick: () => save({ hashtags: { [tag]: null } }),
        }),
      );
    });
    $("hashtags").replaceChildren(...rows);
    modeSelect($("new-tag-mode"), $("new-tag-mode").value);
  }

  function renderLists() {
    const rows = Object.entries(state.settings.rules.sender_lists).map(([name, lst]) => {
      const vip = el("input", { type: "checkbox", class: "vip", checked: lst.vip });
      const mode = modeSelect(el("select", { class: "mode" }), lst.mode);
      const entries = el("textarea", { class: "entries", rows: 2, value: lst.entries.join("\n") });
      return el(
        "div", { class: "item", "data-list": name },
        el("span", { class: "tag", text: name }),
        el("label", {}, vip, " " + T("webapp.list.vip")), mode,
        el("button", {
          type: "button", class: "save", text: T("webapp.save"),
          onclick: () => save({
            sender_lists: { [name]: { entries: lines(entries.value), mode: mode.value, vip: vip.checked } },
          }),
        }),
        el("button", {
          type: "button", class: "danger delete", text: T("webapp.delete"),
          onclick: () => save({ sender_lists: { [name]: null } }),
        }),
        entries,
      );
    });
    $("lists").replaceChildren(...rows);
    modeSelect($("new-list-mode"), $("new-list-mode").value);
  }

  function renderCategories() {
    const modes = state.settings.rules.category_modes;
    const cells = [];
    for (const category of state.settings.choices.categories) {
      const select = modeSelect(el("select", { "data-category": category }), modes[category]);
      select.onchange = () => save({ category_modes: { [category]: select.value } });
      cells.push(el("label", { text: T("category." + category) }), select);
    }
    $("categories").replaceChildren(...cells);
    $("muted").value = clean(state.settings.rules.muted.join("\n"));
  }

  function renderPrefs() {
    const user = state.settings.user;
    $("lang").value = user.lang;
    $("timezone").value = clean(user.timezone);
    const mine = browserZone();
    const offer = $("use-my-zone");
    offer.hidden = !mine || mine === user.timezone;
    offer.textContent = T("webapp.timezone.use_mine").replace("{zone}", mine);
    offer.onclick = () => save({ timezone: mine });
    const quiet = user.quiet_hours;
    $("quiet-on").checked = Boolean(quiet);
    $("quiet-start").value = quiet ? quiet.start : "23:00";
    $("quiet-end").value = quiet ? quiet.end : "08:00";
    $("quiet-urgent").checked = quiet ? quiet.allow_urgent : true;
    $("digest-mode").replaceChildren(
      ...state.settings.choices.digest_modes.map((m) =>
        el("option", { value: m, text: T("webapp.digest." + m) })),
    );
    $("digest-mode").value = user.digest.mode;
    $("digest-at").value = user.digest.at || "09:00";
    $("digest-at").hidden = user.digest.mode !== "daily";
  }

  function evidenceOf(analysis) {
    const items = [
      ...analysis.sender.evidence, ...analysis.category_evidence, ...analysis.hashtag_evidence,
      ...analysis.urgency_reasons, ...analysis.reply_evidence,
      ...(analysis.deadline ? analysis.deadline.evidence : []),
    ];
    return items.map((e) => el("li", { text: `${e.source}: ${e.text}` }));
  }

  function renderLetters() {
    if (!state.settings) return;
    const when = new Intl.DateTimeFormat(state.lang, {
      dateStyle: "medium", timeStyle: "short", timeZone: state.settings.user.timezone,
    });
    const cards = state.letters.map((letter) => {
      const a = letter.analysis;
      const chips = [
        el("span", { class: "chip", text: T("urgency." + a.urgency) }),
        el("span", { class: "chip", text: T("category." + a.category) }),
        ...a.hashtags.map((tag) => el("span", { class: "chip hashtag", text: "#" + tag })),
        el("span", { class: "chip state state-" + letter.notify_state, text: T("webapp.state." + letter.notify_state) }),
      ];
      const evidence = evidenceOf(a);
      return el(
        "article", { class: "letter", "data-message-id": letter.message_id },
        el("div", {
          class: "subject",
          text: `${ICON[a.urgency] || ""} ${clip(letter.subject, LIMITS.subject) || T("mail.no_subject")}`,
        }),
        el("div", {
          class: "meta",
          text: `${clip(letter.sender_name, LIMITS.name)} <${clip(letter.sender_email, LIMITS.address)}> · `
            + when.format(new Date(letter.received_at)),
        }),
        a.gist ? el("div", { class: "gist", text: clip(a.gist, LIMITS.gist) }) : null,
        el("div", {}, ...chips),
        el("div", { class: "why", text: `${T("webapp.why")}: ${clip(letter.notify_reason, LIMITS.why) || "—"}` }),
        letter.learned ? el("div", { class: "why", text: `💡 ${clip(letter.learned, LIMITS.why)}` }) : null,
        evidence.length ? el("details", {}, el("summary", { text: T("webapp.evidence") }), el("ul", {}, ...evidence)) : null,
      );
    });
    $("letters").replaceChildren(
      ...(cards.length ? cards : [el("p", { class: "hint", text: T("webapp.letters.none") })]),
    );
  }

  // --- forms ----------------------------------------------------------------------------------
  function wireForms() {
    $("add-tag").onsubmit = async (event) => {
      event.preventDefault();
      const tag = $("new-tag").value.trim().replace(/^#/, "");
      const change = { [tag]: { keywords: words($("new-tag-keywords").value), mode: $("new-tag-mode").value } };
      if (await save({ hashtags: change })) {
        $("new-tag").value = "";
        $("new-tag-keywords").value = "";
      }
    };
    $("add-list").onsubmit = async (event) => {
      event.preventDefault();
      const change = {
        [$("new-list").value.trim()]: {
          entries: lines($("new-list-entries").value), mode: $("new-list-mode").value, vip: $("new-list-vip").checked,
        },
      };
      if (await save({ sender_lists: change })) {
        $("new-list").value = "";
        $("new-list-entries").value = "";
        $("new-list-vip").checked = false;
      }
    };
    $("muted-form").onsubmit = (event) => {
      event.preventDefault();
      save({ muted: lines($("muted").value) });
    };
    $("digest-mode").onchange = () => {
      $("digest-at").hidden = $("digest-mode").value !== "daily";
    };
    $("prefs").onsubmit = (event) => {
      event.preventDefault();
      const mode = $("digest-mode").value;
      save({
        lang: $("lang").value,
        timezone: $("timezone").value.trim(),
        quiet_hours: $("quiet-on").checked
          ? { start: $("quiet-start").value, end: $("quiet-end").value, allow_urgent: $("quiet-urgent").checked }
          : null,
        digest: { mode, at: mode === "daily" ? $("digest-at").value : null },
      });
    };
    $("reload-letters").onclick = loadLetters;
    if (typeof Intl.supportedValuesOf === "function") {
      $("zones").replaceChildren(...Intl.supportedValuesOf("timeZone").map((z) => el("option", { value: z })));
    }
  }

  async function start() {
    applyTheme();
    state.initData = readInitData();
    state.lang = unverifiedLang(state.initData);
    if (!state.initData) {
      $("no-init").hidden = false;
      status("", "error");
      return;
    }
    wireForms();
    try {
      show(await api("GET", "settings"));
      status("", "ready");
    } catch (error) {
      status(error.code === 404 ? T("webapp.error.not_registered") : explain(error), "error");
      return;
    }
    await loadLetters();
  }

  start();
})();

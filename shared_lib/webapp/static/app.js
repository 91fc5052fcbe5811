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

  // Launch parameters, theme, display-safe text, status line and API call: common.js.
  const { readInitData, applyTheme, ready, clean, status, request } = window.TelemailCommon;
  function unverifiedLang(initData) {
    // Only to pick the language of an error shown before the server answered.
    try {
      const user = JSON.parse(new URLSearchParams(initData).get("user") || "{}");
      return /^(ru|uk|be|kk)/.test(user.language_code || "") ? "ru" : "en";
    } catch (e) {
      return "en";
    }
  }

  // --- texts ----------------------------------------------------------------------------------
  function T(key) {
    return state.texts[key] || (FALLBACK[state.lang] || FALLBACK.en)[key] || key;
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
    let answer;
    try {
      answer = await request(new URL("api/" + path, location.href), method, state.initData, body);
    } catch (e) {
      throw new ApiError(0, { message: T("webapp.error.network") });
    }
    if (!answer.ok) throw new ApiError(answer.status, answer.data);
    return answer.data;
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
        el("div", { class: "why", text: `${T("webapp.why")}: ${clip(letter.why || letter.notify_reason, LIMITS.why) || "—"}` }),
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
    ready();
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

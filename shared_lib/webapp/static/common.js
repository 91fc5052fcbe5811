// Helpers both Mini App pages use (the settings page's app.js and the viewer's viewer.js), loaded
// before them as a plain script: Telegram's launch parameters, the theme, display-safe text, the
// status line and the authenticated API call. Exposed as the frozen global `TelemailCommon`.
"use strict";
window.TelemailCommon = (() => {
  const telegram = () => window.Telegram && window.Telegram.WebApp;

  // --- Telegram launch parameters -------------------------------------------------------------
  // Telegram opens a page as "...#tgWebAppData=<initData>&tgWebAppVersion=…&tgWebAppThemeParams=…".
  function launchParams() {
    return new URLSearchParams(location.hash.slice(1));
  }
  function readInitData() {
    const tg = telegram();
    if (tg && tg.initData) return tg.initData;
    return launchParams().get("tgWebAppData") || "";
  }
  function ready() {
    const tg = telegram();
    if (tg && typeof tg.ready === "function") tg.ready();
  }

  // --- the theme ------------------------------------------------------------------------------
  const HEX = /^#[0-9a-f]{3,8}$/i;
  const THEME_VARS = {
    bg_color: "--bg", text_color: "--text", hint_color: "--hint", link_color: "--link",
    button_color: "--button", button_text_color: "--button-text", secondary_bg_color: "--secondary-bg",
  };
  function themeParams() {
    const tg = telegram();
    try {
      return (tg && tg.themeParams) || JSON.parse(launchParams().get("tgWebAppThemeParams") || "{}");
    } catch (e) {
      return {};
    }
  }
  // The theme's colours as the page's CSS variables: checked hex values only.
  function applyTheme() {
    const theme = themeParams();
    for (const [key, name] of Object.entries(THEME_VARS)) {
      if (typeof theme[key] === "string" && HEX.test(theme[key])) {
        document.documentElement.style.setProperty(name, theme[key]);
      }
    }
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

  // --- the status line ------------------------------------------------------------------------
  function status(text, kind) {
    const node = document.getElementById("status");
    node.textContent = clean(text);
    node.dataset.state = kind || "idle";
  }

  // --- the API --------------------------------------------------------------------------------
  // One call authenticated by initData. Resolves to { status, ok, data } (data: the JSON answer,
  // or null); rejects with an Error whose `network` is true when the server cannot be reached.
  async function request(url, method, initData, body) {
    const headers = { Authorization: "tma " + initData };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(url, {
        method, headers, cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      const error = new Error("network");
      error.network = true;
      throw error;
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    return { status: response.status, ok: response.ok, data };
  }

  return Object.freeze({ HEX, launchParams, readInitData, ready, applyTheme, clean, status, request });
})();

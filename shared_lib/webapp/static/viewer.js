// Telemail letter viewer: a Telegram Mini App page, opened as ".../app/viewer?m=<id>#tgWebAppData=…".
// It asks the server for the letter (Authorization: tma <initData>) and shows the sanitized HTML
// in a sandboxed frame that runs no script. Everything from the letter is set as text here.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const state = { initData: "", texts: {}, letter: null, images: "" };
  const FALLBACK = {
    "viewer.error.unauthorized": "Telegram did not confirm who you are. Open this page from the bot again.",
    "viewer.error.network": "Telemail cannot be reached. Try again.",
    "viewer.loading": "…",
  };
  // Launch parameters, theme, display-safe text, status line and API call: common.js.
  const { HEX, readInitData, applyTheme, ready, clean, status, request } = window.TelemailCommon;
  const T = (key) => state.texts[key] || FALLBACK[key] || key;

  // The frame's colours: the theme's checked hex values, or the page's defaults.
  function frameTheme() {
    const style = getComputedStyle(document.documentElement);
    const pick = (name) => {
      const value = style.getPropertyValue(name).trim();
      return HEX.test(value) ? value : "";
    };
    const rules = [["--bg", pick("--bg")], ["--text", pick("--text")], ["--link", pick("--link")]]
      .filter(([, v]) => v).map(([k, v]) => `${k}:${v}`).join(";");
    return rules ? `<style>:root{${rules}}</style>` : "";
  }

  async function api(method, path) {
    let answer;
    try {
      answer = await request(new URL("../api/" + path, location.href), method, state.initData);
    } catch (e) {
      throw new Error(T("viewer.error.network"));
    }
    const data = answer.data;
    if (answer.status === 401) throw new Error(T("viewer.error.unauthorized"));
    if (!answer.ok) throw new Error(clean((data && data.message) || `HTTP ${answer.status}`));
    return data;
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = clean(String(text));
    if (cls) node.className = cls;
    return node;
  }
  const who = (a) => (a.name && a.email && a.name !== a.email ? `${a.name} <${a.email}>` : a.name || a.email);
  function evidence(list) {
    return (list || []).map((e) => `${e.source}: ${e.text}`).join("; ");
  }

  function showHeaders(letter) {
    const dl = $("headers");
    dl.replaceChildren();
    const rows = [["viewer.from", who(letter.from)], ["viewer.to", letter.to.map(who).join(", ")]];
    if (letter.cc.length) rows.push(["viewer.cc", letter.cc.map(who).join(", ")]);
    rows.push(["viewer.date", letter.date_text]);
    for (const [key, value] of rows) {
      dl.append(el("dt", T(key)), el("dd", value));
    }
  }
  function showAnalysis(letter) {
    const a = letter.analysis;
    const ul = $("analysis");
    ul.replaceChildren();
    const item = (text, why) => {
      const li = el("li", text);
      if (why) li.append(el("div", `${T("viewer.evidence")}: ${why}`, "why"));
      ul.append(li);
    };
    item(T(`urgency.${a.urgency}`), evidence(a.urgency_reasons));
    item(T(`category.${a.category}`), evidence(a.category_evidence));
    if (a.gist) item(a.gist);
    if (a.reply_expected) item(T("mail.reply_expected"), evidence(a.reply_evidence));
    if (letter.why || letter.notify_reason) item(letter.why || letter.notify_reason);
    if (a.deadline) item(`⏰ ${letter.deadline_text || a.deadline.at}`, evidence(a.deadline.evidence));
    for (const place of a.places || []) item(`📍 ${place.text}`, evidence(place.evidence));
    if ((a.hashtags || []).length) item(a.hashtags.map((h) => `#${h}`).join(" "), evidence(a.hashtag_evidence));
    if (a.sender && (a.sender.evidence || []).length) item(who(a.sender), evidence(a.sender.evidence));
  }
  function showAttachments(letter) {
    const ul = $("attachments");
    ul.replaceChildren();
    $("attachments-box").hidden = !letter.attachments.length;
    for (const file of letter.attachments) {
      const li = el("li");
      const button = el("button", T("viewer.send_to_chat"), "secondary");
      button.type = "button";
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          await api("POST", `letter/attachment?m=${encodeURIComponent(letter.message_id)}&part=${encodeURIComponent(file.part_id)}`);
          button.textContent = T("viewer.sent_to_chat");
        } catch (e) {
          status(e.message, "error");
          button.disabled = false;
        }
      });
      li.append(el("span", file.filename, "name"), el("span", `${file.content_type} · ${file.size_text}`, "meta"), button);
      ul.append(li);
    }
  }
  // The frame is as tall as the letter: at least MIN_FRAME pixels, at most MAX_FRAME (a longer
  // letter scrolls inside it). The sandbox gives the frame's document this page's origin so that
  // its height can be read from here; it still runs no script (no allow-scripts), and the
  // sanitizer drops viewport-height units, so the letter cannot grow with its frame.
  const MIN_FRAME = 60;
  const MAX_FRAME = 20000;
  let frameWatch = null;
  function fitFrame() {
    const frame = $("frame");
    let body = null;
    try {
      body = frame.contentDocument && frame.contentDocument.body;
    } catch (e) {
      body = null; // not readable: the stylesheet's fixed height stays
    }
    if (!body) return;
    const height = Math.min(MAX_FRAME, Math.max(MIN_FRAME, Math.ceil(body.scrollHeight)));
    if (frame.style.height !== `${height}px`) frame.style.height = `${height}px`;
  }
  function watchFrame() {
    if (frameWatch) frameWatch.disconnect();
    frameWatch = null;
    fitFrame();
    const doc = $("frame").contentDocument;
    if (doc && doc.body && typeof ResizeObserver === "function") {
      frameWatch = new ResizeObserver(fitFrame); // pictures loading, the page's width changing
      frameWatch.observe(doc.body);
    }
  }
  function showBody(letter) {
    const frame = $("frame");
    if (letter.document) {
      // srcdoc: the server's sanitized document; the frame is sandboxed without scripts.
      frame.srcdoc = letter.document.replace("<!--theme-->", frameTheme());
      frame.hidden = false;
      $("text").hidden = true;
    } else {
      frame.hidden = true;
      $("text").textContent = clean(letter.text || T("viewer.plain_only"));
      $("text").hidden = false;
    }
    const blocked = letter.blocked || { images: 0, trackers: 0 };
    const bar = $("images-bar");
    bar.hidden = !(blocked.images || blocked.trackers);
    const notes = [];
    if (blocked.images) notes.push(T("viewer.images_blocked").replace("{count}", blocked.images));
    if (blocked.trackers) notes.push(T("viewer.trackers_blocked").replace("{count}", blocked.trackers));
    $("images-note").textContent = clean(notes.join(" "));
    $("load-images").hidden = !blocked.images;
    $("always-images").hidden = !blocked.images || letter.always_images;
    $("load-trackers").hidden = !blocked.trackers;
  }
  function show(letter) {
    state.letter = letter;
    state.texts = letter.texts || {};
    document.documentElement.lang = letter.lang || "en";
    for (const node of document.querySelectorAll("[data-t]")) node.textContent = T(node.dataset.t);
    document.title = T("viewer.title");
    $("subject").textContent = clean(letter.subject || T("mail.no_subject"));
    showHeaders(letter);
    showAnalysis(letter);
    showAttachments(letter);
    showBody(letter);
    const gmail = $("gmail");
    if (/^https:\/\/mail\.google\.com\//.test(letter.gmail_url)) gmail.href = letter.gmail_url;
    $("letter").hidden = false;
    status("", "ok");
  }
  async function load(images) {
    const id = new URLSearchParams(location.search).get("m") || "";
    status(T("viewer.loading"), "busy");
    try {
      const query = `letter?m=${encodeURIComponent(id)}` + (images ? `&images=${images}` : "");
      show(await api("GET", query));
    } catch (e) {
      status(e.message, "error");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyTheme();
    ready();
    state.initData = readInitData();
    if (!state.initData) {
      $("no-init").hidden = false;
      return;
    }
    $("frame").addEventListener("load", watchFrame);
    $("load-images").addEventListener("click", () => load("1"));
    $("load-trackers").addEventListener("click", () => load("all"));
    $("always-images").addEventListener("click", async () => {
      try {
        await api("POST", "letter/images?m=" + encodeURIComponent(state.letter.message_id));
        load("1");
      } catch (e) {
        status(e.message, "error");
      }
    });
    load("");
  });
})();

#!/usr/bin/env python3
"""Drives the agent pages of a running Triage server in headless Chromium (Debian's chromium +
chromedriver, selenium from PyPI; nothing downloads a browser).

chat: a FAQ question is answered, 转人工 hands off → the handoff shows in the inbox (open in
another tab) within 1 s → accept (keyboard) → resolve (button) → gone from pending; both pages
have no console errors, one request per asset, ≤ 200 KB, no horizontal scroll at 375 px, and
follow the browser language. Saves screenshots to --out. Prints one JSON line of measurements.

    python3 tests/browser/ui_flow.py --base http://127.0.0.1:8080 --out /tmp/shots \
        [--agent-key TOKEN --client-key TOKEN]
"""
import argparse
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ASSETS = {"/ui/": ["/ui/ui.css", "/ui/common.js", "/ui/inbox.js"],
          "/ui/chat": ["/ui/ui.css", "/ui/common.js", "/ui/chat.js"]}


def driver(lang):
    o = webdriver.ChromeOptions()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1200,900", f"--lang={lang}", "--no-first-run",
              "--disable-background-networking", "--disable-extensions"):
        o.add_argument(a)
    o.add_experimental_option("prefs", {"intl.accept_languages": lang})
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    svc = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    d = webdriver.Chrome(options=o, service=svc)
    d.set_page_load_timeout(30)
    return d


def fail(msg):
    print(f"ui_flow: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def console_errors(d):
    return [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]


def sign_in(d, key, agent=None):
    """Fills the key form when the server asks for keys."""
    form = d.find_element(By.ID, "signin")
    if not form.is_displayed():
        return
    if not key:
        fail("the server asks for a key and none was given")
    d.find_element(By.ID, "key").send_keys(key)
    if agent:
        d.find_element(By.ID, "agent").send_keys(agent)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def check_assets(d, page):
    """One request per asset, nothing else fetched, and the page weight."""
    entries = d.execute_script(
        "return performance.getEntriesByType('resource').map(e => [new URL(e.name).pathname,"
        " e.encodedBodySize, e.initiatorType])")
    nav = d.execute_script("return performance.getEntriesByType('navigation')[0].encodedBodySize")
    files = [p for p, _, kind in entries if kind in ("link", "script", "img", "css")]
    for a in ASSETS[page]:
        if files.count(a) != 1:
            fail(f"{page}: {a} requested {files.count(a)} times ({files})")
    extra = [f for f in files if f not in ASSETS[page]]
    if extra:
        fail(f"{page}: unexpected requests {extra}")
    weight = nav + sum(size for p, size, kind in entries if p in ASSETS[page])
    if weight > 200 * 1024:
        fail(f"{page}: {weight} bytes > 200 KB")
    return weight


def no_horizontal_scroll(d, page):
    d.set_window_size(375, 800)
    time.sleep(0.2)
    w = d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    d.set_window_size(1200, 900)
    if w[0] > w[1]:
        fail(f"{page} at 375 px: content is {w[0]} px wide (window {w[1]})")
    return w


def send(d, text, count):
    box = d.find_element(By.ID, "text")
    box.send_keys(text)
    d.find_element(By.CSS_SELECTOR, "form.send button[type=submit]").click()
    WebDriverWait(d, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) >= count)
    return d.find_elements(By.CSS_SELECTOR, ".msg.bot")[count - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--agent-key")
    ap.add_argument("--client-key")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = {}

    d = driver("en-US")
    try:
        # The inbox first, so the handoff reaches it live over the stream.
        d.get(args.base + "/ui/")
        sign_in(d, args.agent_key, agent="Ana")
        WebDriverWait(d, 10).until(EC.text_to_be_present_in_element((By.ID, "conn"), "live"))
        out["inbox_bytes"] = check_assets(d, "/ui/")
        no_horizontal_scroll(d, "/ui/")
        inbox = d.current_window_handle

        d.switch_to.new_window("tab")
        chat = d.current_window_handle
        d.get(args.base + "/ui/chat")
        sign_in(d, args.client_key)
        out["chat_bytes"] = check_assets(d, "/ui/chat")
        if d.find_element(By.TAG_NAME, "h1").text != "Try-it chat":
            fail("chat heading is not English under an English browser")

        faq = send(d, "Where is my order?", 1)
        if faq.get_attribute("data-action") != "answer" or "Logistics" not in faq.text:
            fail(f"FAQ question not answered from the knowledge base: {faq.text!r}")
        for label in ("faq_match", "track_order", "FAQ match", "Sentiment"):
            if label not in faq.text:
                fail(f"the answer does not show {label!r}: {faq.text!r}")

        msg = send(d, "转人工！订单号2023112845678901还没到，电话13812345678", 2)
        t0 = time.monotonic()
        hid = msg.get_attribute("data-handoff")
        if msg.get_attribute("data-action") != "handoff" or not hid:
            fail(f"转人工 did not hand off: {msg.text!r}")
        d.save_screenshot(os.path.join(args.out, "chat.png"))
        no_horizontal_scroll(d, "/ui/chat")

        d.switch_to.window(inbox)
        item = f'#list li[data-id="{hid}"]'
        try:
            WebDriverWait(d, 1.0, poll_frequency=0.02).until(
                EC.presence_of_element_located((By.CSS_SELECTOR, item)))
        except Exception:
            fail(f"handoff {hid} did not appear in the inbox within 1 s")
        out["handoff_visible_ms"] = round((time.monotonic() - t0) * 1000)

        d.find_element(By.CSS_SELECTOR, item).click()
        card = d.find_element(By.ID, "card")
        WebDriverWait(d, 5).until(lambda d: hid in card.text)
        if "138****5678" not in card.text or "13812345678" in d.page_source:
            fail("the card does not show the masked phone (or shows the raw one)")
        for part in ("Why a person", "user_requested", "Intent path", "Suggested next step"):
            if part.lower() not in card.text.lower():  # headings are styled upper-case
                fail(f"the card lacks {part!r}")
        if not d.find_elements(By.CSS_SELECTOR, "#card svg.spark circle"):
            fail("no sentiment chart")

        d.find_element(By.TAG_NAME, "body").send_keys("a")  # keyboard shortcut: accept
        # The inbox re-renders the item when its status changes: an element found just before
        # may be gone by the time its attribute is read, so look it up again.
        WebDriverWait(d, 5, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: d.find_element(By.CSS_SELECTOR, item).get_attribute("data-status")
            == "accepted")
        d.save_screenshot(os.path.join(args.out, "inbox.png"))

        d.find_element(By.ID, "resolve").click()
        WebDriverWait(d, 5).until(lambda d: not d.find_elements(By.CSS_SELECTOR, item))
        d.find_element(By.CSS_SELECTOR, "#f-status option[value=pending]").click()
        if d.find_elements(By.CSS_SELECTOR, item):
            fail("the resolved handoff is still listed as pending")
        d.find_element(By.CSS_SELECTOR, "#f-status option[value=resolved]").click()
        if not d.find_elements(By.CSS_SELECTOR, item):
            fail("the resolved handoff is not listed as resolved")

        req = urllib.request.Request(args.base + "/v1/handoffs/" + hid)
        if args.agent_key:
            req.add_header("authorization", "Bearer " + args.agent_key)
        with urllib.request.urlopen(req, timeout=10) as r:
            h = json.load(r)
        # The name typed at sign-in (only asked for when the server asks for keys).
        if h["status"] != "resolved" or (args.agent_key and h.get("agent") != "Ana"):
            fail(f"the server has {h['status']} / agent {h.get('agent')}")

        # New conversation starts clean.
        d.switch_to.window(chat)
        d.find_element(By.ID, "new").click()
        if d.find_elements(By.CSS_SELECTOR, ".msg"):
            fail("new conversation kept the old messages")

        errors = []
        for w in (inbox, chat):
            d.switch_to.window(w)
            errors += console_errors(d)
        if errors:
            fail(f"console errors: {errors}")
    finally:
        d.quit()

    # The pages follow the browser's language.
    z = driver("zh-CN")
    try:
        z.get(args.base + "/ui/chat")
        if z.find_element(By.TAG_NAME, "h1").text != "试用对话":
            fail("chat heading is not Chinese under a Chinese browser")
        z.get(args.base + "/ui/")
        if z.find_element(By.TAG_NAME, "h1").text != "坐席工作台":
            fail("inbox heading is not Chinese under a Chinese browser")
        if console_errors(z):
            fail(f"console errors (zh): {console_errors(z)}")
    finally:
        z.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

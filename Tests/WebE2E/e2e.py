#!/usr/bin/env python3
"""The web app end to end, in real headless Chromium (Debian's chromium and chromium-driver, Python
selenium from PyPI): a unit signs in, fills in, uploads and submits; its assessor returns it with a
reason; the unit fixes it and resubmits; the assessor marks it reviewed; the office publishes; the
unit sees its published rank; the office opens 整改 tasks, sets up next year's campaign (an uploaded
ruleset refused with its problem located, then a bundled one) and assigns an assessor; the unit
answers a task with a file and the office closes it. Every page is kept as a screenshot in .build/web-e2e/ (or $E2E_OUT).

Run by scripts/test after the Swift tests, against the built binary:
    python3 Tests/WebE2E/e2e.py .build/debug/fazhi
"""
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAZHI = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/fazhi"))
OUT = os.environ.get("E2E_OUT", os.path.join(ROOT, ".build/web-e2e"))
PASSWORD = "e2e-password-不公开"
CAMPAIGN = "guyuan-2023"
passed = 0
failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", file=sys.stderr)


def fazhi(*args, stdin=None):
    env = dict(os.environ, FAZHI_USER="e2e", FAZHI_BCRYPT_COST="4")
    result = subprocess.run([FAZHI, *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"fazhi {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def png(width, height):
    """A real PNG image (a red band on white), made here so the test ships no binary file."""
    rows = b"".join(b"\x00" + b"".join(b"\xb4\x23\x18" if 40 <= y < 80 else b"\xff\xff\xff" for _ in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if name.endswith(".png"):
            os.remove(os.path.join(OUT, name))
    work = tempfile.mkdtemp(prefix="fazhi-e2e-")
    db = os.path.join(work, "fazhi.db")
    fazhi("campaign", "create", CAMPAIGN, "--db", db, "--ruleset", "guyuan-2023-2025-creation", "--year", "2023",
          "--name", "固原市2023年度法治政府建设考核", "--submission-deadline", "2099-01-31", "--units", "examples/guyuan-region-2023.yaml")
    fazhi("campaign", "assign", CAMPAIGN, "--db", db, "--unit", "xiji", "--assessor", "审核甲")
    for name, role, unit in [("办公室", "office", None), ("西吉填报", "unit", "xiji"), ("审核甲", "assessor", None)]:
        fazhi("user", "add", name, "--db", db, "--role", role, *(["--unit", unit] if unit else []), "--password-stdin", stdin=PASSWORD + "\n")
    # Other units have submitted already (the bundled example), so the published rank has peers.
    fazhi("import", "--campaign", CAMPAIGN, "--db", db, "examples/guyuan-region-2023.yaml")
    subprocess.run([FAZHI, "submission", "return", "--db", db, "--campaign", CAMPAIGN, "--unit", "xiji", "--reason", "示例数据，请网上重新填报"],
                   check=True, capture_output=True, env=dict(os.environ, FAZHI_USER="审核甲"), cwd=ROOT)
    bad_ruleset = os.path.join(work, "本地规则.yaml")
    with open(bad_ruleset, "w", encoding="utf-8") as f:
        f.write("fazhi: 1\nid: guyuan-2024-local\ntitle: 本地\nextends: guyuan-2023-2025-creation\nperiod: { from: 2024, to: 二〇二五 }\n")
    evidence = os.path.join(work, "会议纪要.png")
    with open(evidence, "wb") as f:
        f.write(png(240, 120))

    port = free_port()
    server = subprocess.Popen([FAZHI, "serve", "--db", db, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                              env=dict(os.environ, FAZHI_BCRYPT_COST="4"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit(f"the server did not start: {server.stderr.read().decode() if server.poll() is not None else 'timeout'}")
            time.sleep(0.2)

    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600", "--lang=zh-CN"]:
        options.add_argument(flag)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    shots = [0]

    def shot(name):
        shots[0] += 1
        height = driver.execute_script("return Math.max(document.body.scrollHeight, 900)")
        driver.set_window_size(1280, min(int(height) + 120, 6000))
        driver.save_screenshot(os.path.join(OUT, f"{shots[0]:02d}-{name}.png"))
        driver.set_window_size(1280, 1600)

    def click(element):
        """Clicks a link or a form's button and waits for the next page."""
        page = driver.find_element(By.TAG_NAME, "html")
        element.click()

        def left(_):
            # The old page's element is gone once the next page has replaced it (Chromium reports that
            # as a stale element or, mid-navigation, as a node that no longer belongs to the document).
            try:
                page.is_enabled()
                return False
            except WebDriverException:
                return True
        WebDriverWait(driver, 30).until(left)
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def text():
        return driver.find_element(By.TAG_NAME, "body").text

    def login(name):
        driver.delete_all_cookies()
        driver.get(base + "/login")
        driver.find_element(By.NAME, "name").send_keys(name)
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        click(driver.find_element(By.CSS_SELECTOR, "form button"))
        check("退出" in text(), f"{name} signed in")

    def logout():
        click(driver.find_element(By.CSS_SELECTOR, "header form button"))
        check(driver.current_url.endswith("/login"), "signed out")

    try:
        driver.get(base + "/")
        check(driver.current_url.endswith("/login"), "signed out, / goes to the login page")
        shot("login")

        # The unit: fill in, upload, submit.
        login("西吉填报")
        shot("unit-home")
        click(driver.find_element(By.LINK_TEXT, "填报"))
        check("示例数据，请网上重新填报" in text(), "the unit sees the return's reason")
        rate = driver.find_element(By.NAME, "m:legality_review_rate")
        rate.clear()
        rate.send_keys("95")
        Select(driver.find_element(By.NAME, "v:nx-1")).select_by_value("met")
        note = driver.find_element(By.NAME, "vn:nx-1")
        note.clear()
        note.send_keys("已印发《法治政府建设实施方案》")
        driver.find_element(By.NAME, "f:nx-1").send_keys(evidence)
        shot("unit-form")
        click(driver.find_element(By.CSS_SELECTOR, "button[value=submit]"))
        check("已报送" in text(), "the unit's submission is sent")
        check("会议纪要.png" in text(), "the uploaded file is listed")
        shot("unit-submitted")
        logout()

        # The assessor returns it with a reason.
        login("审核甲")
        click(driver.find_element(By.LINK_TEXT, "审核队列"))
        check("西吉县" in text(), "the queue lists the unit")
        shot("assessor-queue")
        check("/c/guyuan-2023/review/xiji" in driver.page_source, "the queue links to the unit's review")
        driver.get(base + f"/c/{CAMPAIGN}/review/xiji")
        check("会议纪要.png" in text() and "自动评估" in text(), "the review page shows files and the engine's outcome")
        shot("assessor-review")
        driver.find_element(By.NAME, "reason").send_keys("合法性审查率应附审查台账")
        driver.find_element(By.CSS_SELECTOR, "details summary").click()
        driver.find_element(By.NAME, "n:nx-1").send_keys("请补充印发文号")
        click(driver.find_element(By.CSS_SELECTOR, "button.danger"))
        check("已退回" in text(), "the submission is returned")
        logout()

        # The unit sees the reason, fixes and resubmits.
        login("西吉填报")
        click(driver.find_element(By.LINK_TEXT, "填报"))
        check("合法性审查率应附审查台账" in text() and "请补充印发文号" in text(), "the unit sees the reason and the item's note")
        shot("unit-returned")
        rate = driver.find_element(By.NAME, "m:legality_review_rate")
        rate.clear()
        rate.send_keys("100")
        click(driver.find_element(By.CSS_SELECTOR, "button[value=submit]"))
        check("已重新报送" in text(), "the unit resubmits")
        logout()

        # The assessor reviews.
        login("审核甲")
        driver.get(base + f"/c/{CAMPAIGN}/review/xiji")
        Select(driver.find_elements(By.NAME, "verdict")[0]).select_by_value("met")
        click(driver.find_elements(By.CSS_SELECTOR, "form.verdict button")[0])
        check("评定已记录" in text(), "the assessor's verdict is recorded")
        click(driver.find_element(By.XPATH, "//button[text()='标记为已审核']"))
        check("已标记为已审核" in text(), "the submission is reviewed")
        logout()

        # The office publishes.
        login("办公室")
        click(driver.find_element(By.LINK_TEXT, "总览"))
        shot("office-dashboard")
        driver.find_element(By.NAME, "note").send_keys("2023年度通报")
        click(driver.find_element(By.XPATH, "//button[text()='按当前审核结果通报']"))
        check("已通报" in text() and "排名" in text(), "the office publishes")
        shot("office-published")
        driver.get(base + "/audit")
        check("publish" in text(), "the audit log has the publication")
        shot("office-audit")
        logout()

        # The unit sees its rank.
        login("西吉填报")
        click(driver.find_element(By.LINK_TEXT, "填报"))
        body = text()
        check("通报结果" in body and "同级" in body and "排名" in body, "the unit sees its published result and rank")
        shot("unit-result")
        logout()

        # The office opens 整改 tasks from the unmet indicators.
        login("办公室")
        driver.get(base + f"/c/{CAMPAIGN}/rectify")
        deadline_field = driver.find_element(By.NAME, "deadline")
        driver.execute_script("arguments[0].value = '2099-06-30'", deadline_field)
        click(driver.find_element(By.XPATH, "//button[text()='下达']"))
        check("项整改任务" in text() and "西吉县" in text(), "the office opens rectification tasks")
        shot("office-rectify")

        # The office sets up next year's campaign in the browser: first an uploaded ruleset with a mistake.
        driver.get(base + "/campaigns")
        driver.find_element(By.NAME, "id").send_keys("guyuan-2024")
        driver.find_element(By.NAME, "year").send_keys("2024")
        driver.find_element(By.CSS_SELECTOR, "input[name=source][value=upload]").click()
        driver.find_element(By.NAME, "rulesetFile").send_keys(bad_ruleset)
        driver.find_element(By.NAME, "u:xiji").click()
        click(driver.find_element(By.XPATH, "//button[text()='检查规则集并建立考核']"))
        check("本地规则.yaml:5:27" in text() and "考核未建立" in text(), "an uploaded ruleset's problem is shown located")
        shot("office-campaign-refused")
        # Then the bundled ruleset, with the counties.
        driver.find_element(By.CSS_SELECTOR, "input[name=source][value=bundled]").click()
        Select(driver.find_element(By.NAME, "ruleset")).select_by_value("guyuan-2023-2025-creation")
        Select(driver.find_element(By.NAME, "level")).select_by_value("county")
        click(driver.find_element(By.XPATH, "//button[text()='检查规则集并建立考核']"))
        check("考核已建立" in text() and "彭阳县" in text(), "the office creates a campaign in the browser")
        Select(driver.find_element(By.NAME, "unit")).select_by_value("xiji")
        click(driver.find_element(By.XPATH, "//button[text()='分配']"))
        check("已分配审核人员" in text(), "the office assigns an assessor")
        shot("office-campaign-setup")
        logout()

        # The unit answers a task with a file; the office closes it.
        login("西吉填报")
        click(driver.find_elements(By.LINK_TEXT, "填报")[0])
        driver.find_element(By.CSS_SELECTOR, ".task textarea[name=text]").send_keys("已补充审查台账")
        driver.find_element(By.CSS_SELECTOR, ".task input[name=file]").send_keys(evidence)
        click(driver.find_element(By.XPATH, "//button[text()='报送答复']"))
        check("整改答复已报送" in text() and "已答复" in text(), "the unit answers a rectification task")
        shot("unit-rectify-answered")
        logout()
        login("办公室")
        driver.get(base + f"/c/{CAMPAIGN}/rectify")
        check("已补充审查台账" in text(), "the office sees the unit's answer")
        answered = driver.find_element(By.XPATH, "//tr[contains(., '已补充审查台账')]")
        click(answered.find_element(By.XPATH, ".//button[text()='销号']"))
        check("任务已销号" in text(), "the office closes the task")
        shot("office-rectify-closed")
    finally:
        driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"web e2e: screenshots in {OUT}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A bounded load test of `fazhi serve` on loopback: N unit sessions at once, each signing in and then,
for S seconds, opening its form and saving a draft with a figure of its own and a file of its own
(1 MB by default). At the end the store is read back: every unit's latest version must hold the last
figure it saved, and every file must be attached to the unit that sent it with the bytes it sent (no
lost or crossed writes). Prints p50/p99 latency of the saves and of the page loads.

Not part of scripts/test (it takes a minute and a few GB of disk at full size):
    python3 Tests/WebLoad/load.py .build/release/fazhi [--sessions 200] [--seconds 60] [--file-kb 1024]
Only 127.0.0.1 is ever contacted; the loops stop by themselves.
"""
import argparse
import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from urllib.parse import urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "load-test-password"


def fazhi(binary, *args, stdin=None):
    env = dict(os.environ, FAZHI_USER="load", FAZHI_BCRYPT_COST="4")
    result = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"fazhi {' '.join(args)}: {result.stderr}")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


class Session:
    def __init__(self, port, name):
        self.port, self.name, self.cookie, self.csrf = port, name, "", ""

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith(("fazhi_session=", "fazhi_login=")):
                cookies = dict(c.split("=", 1) for c in self.cookie.split("; ") if c)
                name, rest = value.split("=", 1)
                cookies[name] = rest.split(";", 1)[0]
                self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        connection.close()
        return response.status, data.decode("utf-8", "replace")

    def login(self):
        _, page = self.request("GET", "/login")
        token = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
        body = urlencode({"_csrf": token, "name": self.name, "password": PASSWORD})
        status, _ = self.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 303:
            raise RuntimeError(f"{self.name}: login {status}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--file-kb", type=int, default=1024)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="fazhi-load-")
    db = os.path.join(work, "fazhi.db")
    units = [f"u{i:03d}" for i in range(args.sessions)]
    with open(os.path.join(work, "units.yaml"), "w") as f:
        f.write("\n".join(f"---\nfazhi: 1\nunit: {{ id: {u}, name: 单位{u}, level: county, parent: 固原市 }}" for u in units) + "\n")
    fazhi(binary, "campaign", "create", "load", "--db", db, "--ruleset", "guyuan-2023-2025-creation", "--year", "2023",
          "--units", os.path.join(work, "units.yaml"))
    for u in units:
        fazhi(binary, "user", "add", f"填报{u}", "--role", "unit", "--unit", u, "--db", db, "--password-stdin", stdin=PASSWORD)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--db", db, "--port", str(port), "--max-upload-mb", str(max(2, args.file_kb // 512))],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)

    saves, pages, errors = [], [], []
    last = {}
    sent = {u: [] for u in units}
    lock = threading.Lock()
    stop_at = [0.0]
    ready = threading.Barrier(len(units) + 1)

    def run(index, unit):
        session = Session(port, f"填报{unit}")
        try:
            session.login()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(str(error))
        ready.wait()
        round = 0
        while time.time() < stop_at[0]:
            round += 1
            started = time.time()
            status, page = session.request("GET", f"/c/load/u/{unit}")
            pages.append(time.time() - started)
            match = re.search(r'name="_csrf" value="([0-9a-f]+)"', page)
            if status != 200 or not match:
                errors.append(f"{unit}: page {status}")
                continue
            days = str(index * 10000 + round)
            marker = f"{unit}-{round}-{uuid.uuid4().hex}".encode()
            content = b"%PDF-1.4\n" + marker + b"\n" + b" " * (args.file_kb * 1024 - len(marker) - 10)
            boundary = "----load" + uuid.uuid4().hex
            body = b"".join([
                f'--{boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n{match.group(1)}\r\n'.encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\ndraft\r\n'.encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="m:public_comment_period_days"\r\n\r\n{days}\r\n'.encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="f:nx-9"; filename="{unit}-{round}.pdf"\r\n\r\n'.encode(),
                content, f"\r\n--{boundary}--\r\n".encode()])
            started = time.time()
            status, _ = session.request("POST", f"/c/load/u/{unit}", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
            elapsed = time.time() - started
            with lock:
                saves.append(elapsed)
                if status == 303:
                    last[unit] = days
                    sent[unit].append(marker)
                else:
                    errors.append(f"{unit}: save {status}")

    threads = [threading.Thread(target=run, args=(i, u)) for i, u in enumerate(units)]
    for t in threads:
        t.start()
    stop_at[0] = time.time() + args.seconds
    ready.wait()
    for t in threads:
        t.join()
    server.terminate()
    server.wait(timeout=30)

    # Read the store back: the last figure of each unit, and each file with its unit.
    problems = list(errors)
    connection = sqlite3.connect(db)
    for unit in units:
        value = connection.execute("""SELECT f.value FROM fact f JOIN submission s USING (campaign_id, unit_id, version)
                                      WHERE f.campaign_id = 'load' AND f.unit_id = ? AND f.key = 'public_comment_period_days'""", (unit,)).fetchone()
        if unit in last and (value is None or not value[0].startswith(last[unit] + " ")):
            problems.append(f"{unit}: latest value {value} but the last save was {last[unit]}")
        stored = [row[0] for row in connection.execute(
            "SELECT b.content FROM attachment a JOIN blob b ON b.sha256 = a.blob_sha256 WHERE a.campaign_id = 'load' AND a.unit_id = ? ORDER BY a.id", (unit,))]
        markers = [bytes(c).split(b"\n")[1] for c in stored]
        if markers != sent[unit]:
            problems.append(f"{unit}: {len(sent[unit])} files sent, {len(markers)} stored, "
                            + ("in another order" if sorted(markers) == sorted(sent[unit]) else "lost or crossed"))
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        problems.append(f"integrity: {integrity}")
    connection.close()
    print(f"{args.sessions} sessions × {args.seconds:g} s, {args.file_kb} KB files: {len(saves)} saves, {len(pages)} page loads")
    print(f"save  p50 {percentile(saves, 0.5) * 1000:.0f} ms  p99 {percentile(saves, 0.99) * 1000:.0f} ms")
    print(f"page  p50 {percentile(pages, 0.5) * 1000:.0f} ms  p99 {percentile(pages, 0.99) * 1000:.0f} ms")
    for problem in problems[:20]:
        print("FAIL:", problem, file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(units) - len({p.split(':')[0] for p in problems})} passed, {len({p.split(':')[0] for p in problems})} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

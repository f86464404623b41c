"""Simulated users of the load test (benchmarks/load.py starts gunicorn and runs this headless).

Two kinds of users, each signing in once through the login form (the real password check, Django's
default hasher cost: about 0.5–1 s of CPU per sign-in here) while the users are started, and then, with a
think time of 1–3 s, doing 70 % reads and 30 % writes:

- 人事 (hr, load-hr-NN; 2 of 5 users): the home page, the staff list (pages, searches), 人財カード, the
  plan dashboard, the skill heatmap and the certification report; writes: a person's 電話（内線）
  (staff edit) and the plan's 「はじめの一歩」 notes (starter update);
- 職員 (staff, load-staff-NN; 3 of 5 users): the home page, 人財カード, my learning, my assessments;
  write: saving the self-assessment of their open skill sheet (a draft, never submitted).

A write counts as a success only when the application accepts it (a redirect after POST); a form
shown again with errors is a failure. The forms' fields are read once from the pages (html.parser).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "load-test-2026-jinzai")
CAMPAIGN = os.environ.get("LOAD_CAMPAIGN", "")
HR_LOGINS = itertools.cycle(f"load-hr-{n:02d}" for n in range(int(os.environ.get("LOAD_HR", "20"))))
STAFF_LOGINS = itertools.cycle(f"load-staff-{n:02d}" for n in range(int(os.environ.get("LOAD_STAFF", "30"))))
SEARCHES = ["やまだ", "さとう", "たなか", "鈴木", "高橋", "ゆい", "けんた", "主任"]
SIGN_INS: list[float] = []  # response times of the logins (the ramp-up; locust's stats restart after it)


@events.request.add_listener
def _note_sign_in(request_type, name, response_time, exception, **kwargs):
    if name == "login" and exception is None:
        SIGN_INS.append(response_time)


@events.quitting.add_listener
def _write_sign_ins(environment, **kwargs):
    path = os.environ.get("LOAD_SIGN_INS_FILE")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(sorted(SIGN_INS), f)


class FormFields(HTMLParser):
    """The fields of the forms of a page: {form action: {name: value}} (inputs, selects, textareas)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self.choices: dict[str, list[str]] = {}  # radio name → its values
        self._form: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = self.forms.setdefault(a.get("action") or "", {})
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind == "radio":
                self.choices.setdefault(a["name"], []).append(a.get("value") or "")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form[a["name"]] = a.get("value") or "on"
            elif kind not in {"submit", "button", "file"}:
                self._form[a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.setdefault(self._select, "")
        elif tag == "option" and self._select is not None and "selected" in a:
            self._form[self._select] = a.get("value") or ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> dict[str, dict[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.forms


def radio_choices(html: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.choices


class Signed(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    logins = HR_LOGINS

    def on_start(self) -> None:
        page = self.client.get("/login/", name="login (form)")
        token = forms_of(page.text).get("", {}).get("csrfmiddlewaretoken") or self._token(page.text)
        with self.client.post(
            "/login/",
            data={"username": next(self.logins), "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused ({response.status_code})")
        self.setup()

    @staticmethod
    def _token(html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return found.group(1) if found else ""

    def setup(self) -> None:
        pass

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def post_form(self, url: str, data: dict, name: str) -> bool:
        """POST a form; a success is the redirect that follows an accepted write."""
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": self.csrf()},
            name=name,
            headers={"Referer": self.host + url},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                return True
            reason = re.search(r'role="alert"[^>]*>(.*?)</div>', response.text or "", re.S)
            detail = re.sub(r"<[^>]+>", " ", reason.group(1)).split() if reason else []
            response.failure(f"write not accepted ({response.status_code}) {' '.join(detail)[:120]}")
            return False


class HrUser(Signed):
    weight = 2
    logins = HR_LOGINS

    def setup(self) -> None:
        staff_page = self.client.get("/staff/", name="setup: staff list").text
        self.staff_ids = sorted({int(pk) for pk in re.findall(r'href="/staff/(\d+)/"', staff_page)})
        self.edits: dict[int, dict] = {}
        for pk in random.sample(self.staff_ids, min(5, len(self.staff_ids))):
            form = forms_of(self.client.get(f"/staff/{pk}/edit/", name="setup: staff edit").text)
            fields = next((f for f in form.values() if "name" in f and "phone" in f), None)
            if fields:
                self.edits[pk] = fields
        plans = self.client.get("/planning/plans/", name="setup: plans").text
        self.plan_ids = sorted(
            {int(pk) for pk in re.findall(r'href="/planning/plans/(\d+)/dashboard/"', plans)}
        )
        self.starters: dict[str, dict] = {}
        if self.plan_ids:
            board = self.client.get(f"/planning/plans/{self.plan_ids[0]}/dashboard/", name="setup: dashboard")
            for action, fields in forms_of(board.text).items():
                if action.startswith("/planning/starter/"):
                    self.starters[action] = fields

    # --- reads (7 of 10) ---------------------------------------------------------------------------
    @task(1)
    def home(self):
        self.client.get("/", name="/")

    @task(1)
    def staff_list(self):
        self.client.get(f"/staff/?page={random.randint(1, 5)}", name="/staff/?page=")

    @task(1)
    def staff_search(self):
        self.client.get(f"/staff/?q={random.choice(SEARCHES)}", name="/staff/?q=")

    @task(1)
    def staff_card(self):
        if self.staff_ids:
            self.client.get(f"/staff/{random.choice(self.staff_ids)}/", name="/staff/<pk>/")

    @task(1)
    def plan_dashboard(self):
        if self.plan_ids:
            self.client.get(
                f"/planning/plans/{self.plan_ids[0]}/dashboard/", name="/planning/plans/<pk>/dashboard/"
            )

    @task(1)
    def skill_matrix(self):
        self.client.get("/skills/matrix/", name="/skills/matrix/")

    @task(1)
    def certification_report(self):
        self.client.get("/learning/certifications/report/", name="/learning/certifications/report/")

    # --- writes (3 of 10) --------------------------------------------------------------------------
    @task(2)
    def staff_edit(self):
        if not self.edits:
            return
        pk = random.choice(list(self.edits))
        fields = dict(self.edits[pk])
        fields["phone"] = f"内線{random.randint(1000, 9999)}"
        self.post_form(f"/staff/{pk}/edit/", fields, "POST /staff/<pk>/edit/")

    @task(1)
    def starter_update(self):
        if not self.starters:
            return
        action = random.choice(list(self.starters))
        fields = dict(self.starters[action])
        notes = next((k for k in fields if k.endswith("-notes")), None)
        if notes:
            fields[notes] = f"負荷試験のメモ {random.randint(1, 10**6)}"
        fields["next"] = f"/planning/plans/{self.plan_ids[0]}/dashboard/"
        self.post_form(action, fields, "POST /planning/starter/<pk>/")


class StaffUser(Signed):
    weight = 3
    logins = STAFF_LOGINS

    def setup(self) -> None:
        self.sheet_url = f"/skills/mine/{CAMPAIGN}/"
        self.levels: dict[str, list[str]] = {}
        self.sheet = self._read_sheet()

    def _read_sheet(self) -> dict:
        page = self.client.get(self.sheet_url, name="/skills/mine/<campaign>/")
        fields = next((f for f in forms_of(page.text).values() if "version" in f), {})
        self.levels = {k: v for k, v in radio_choices(page.text).items() if k.startswith("level_") and v}
        return fields

    # --- reads (7 of 10) ---------------------------------------------------------------------------
    @task(2)
    def home(self):
        self.client.get("/", name="/")

    @task(2)
    def my_card(self):
        self.client.get("/staff/me/", name="/staff/me/")

    @task(1)
    def my_learning(self):
        self.client.get("/learning/my/", name="/learning/my/")

    @task(1)
    def my_assessments(self):
        self.client.get("/skills/mine/", name="/skills/mine/")

    @task(1)
    def my_sheet(self):
        self.sheet = self._read_sheet() or self.sheet

    # --- writes (3 of 10) --------------------------------------------------------------------------
    @task(3)
    def save_sheet(self):
        if not self.sheet:
            return
        fields = dict(self.sheet)
        for key, values in self.levels.items():
            fields[key] = random.choice(values)
        fields["action"] = "save"
        if self.post_form(self.sheet_url, fields, "POST /skills/mine/<campaign>/"):
            self.sheet["version"] = str(int(self.sheet.get("version") or 0) + 1)
        else:
            self.sheet = self._read_sheet()

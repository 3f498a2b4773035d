"""Schemathesis hooks for `cargo xtask fuzz`: logs in once, before any test, as the user named in
FUZZ_USERNAME (password in FUZZ_PASSWORD), and sends that access token on every request. Logging in
first keeps the fuzzing of POST /auth/login (wrong passwords, rate-limited per address) from locking the
fuzzer itself out; a run stays well inside the token's 15 minutes."""

import os

import requests
import schemathesis

BASE_URL = os.environ["FUZZ_BASE_URL"]


def _login():
    response = requests.post(
        f"{BASE_URL}/auth/login",
        json={"username": os.environ["FUZZ_USERNAME"], "password": os.environ["FUZZ_PASSWORD"]},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["accessToken"]


TOKEN = _login()


@schemathesis.auth()
class Bearer:
    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"

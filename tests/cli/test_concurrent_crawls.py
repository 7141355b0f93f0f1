"""Two ``bbabo crawl --once`` at the same time split the pending pages: each page is fetched
once, not once per crawl (each claims the pages it fetches: ``store.jobs.claim_pages``)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

from fakeweb import SITE_ROOT, FakeWeb, Reply, Request

PAGES = 60
WORDS = ("harbour council ferry tram budget school winter storm bridge market port road "
         "hospital river station library museum festival").split()


def _site(web: FakeWeb) -> str:
    template = (SITE_ROOT / "crawl" / "story.html").read_text()

    def page(request: Request) -> Reply:
        n = int(request.path.rsplit("/", 1)[1])
        rng = random.Random(n)  # texts that share no word sequence: no near-duplicates
        text = " ".join(rng.choice(WORDS) for _ in range(120))
        body = template.replace("Harbour ferry", f"Story {n}").replace(
            "/crawl/story", f"/both/{n}").replace("The council said", text)
        # Slow enough that both crawls are fetching at the same time.
        return Reply(body=body.encode(), delay=0.1,
                     headers={"Content-Type": "text/html; charset=utf-8"})

    links = [f"/both/{n}" for n in range(PAGES)]
    for link in links:
        web.route(link, page)
    items = "".join(f"<item><title>{link}</title><link>{web.url(link)}</link></item>"
                    for link in links)
    web.route("/both.xml", body=(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t'
                                 f"</title><link>{web.url('/')}</link>{items}</channel></rss>"
                                 ).encode(), headers={"Content-Type": "application/rss+xml"})
    return web.url("/both.xml")


def _bbabo(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": f"sqlite:///{tmp_path}/bbabo.db",
                "BBABO_DATA_DIR": str(tmp_path / "data"),
                "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1"})
    return subprocess.Popen([sys.executable, "-m", "bbabo", *args], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_crawls_at_once_fetch_each_page_once(fakeweb: FakeWeb, tmp_path: Path) -> None:
    feed = _site(fakeweb)
    added = _bbabo(tmp_path, "sources", "add", feed)
    output = added.communicate(timeout=60)
    assert added.returncode == 0, output
    fakeweb.requests.clear()
    crawls = [_bbabo(tmp_path, "crawl", "--once", "--workers", "8", "--per-host", "8",
                     "--host-delay", "0") for _ in range(2)]
    outputs = [crawl.communicate(timeout=180) for crawl in crawls]
    assert [crawl.returncode for crawl in crawls] == [0, 0], outputs
    fetched = Counter(r.path for r in fakeweb.requests if r.path.startswith("/both/"))
    assert len(fetched) == PAGES
    assert set(fetched.values()) == {1}, fetched.most_common(3)
    # Between them, the two crawls stored every page once.
    new = [int(out.split("pages: ")[1].split(" new")[0]) for out, _ in outputs]
    assert sum(new) == PAGES, outputs

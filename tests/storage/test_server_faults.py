"""A PostgreSQL server that goes away in the middle of a command (issue 14, point 6): a clear
one-line message, exit 5, and nothing half-written.

The server is reached through a TCP proxy on loopback that cuts both connections when the
program sends a given statement: the connection is lost after the unit of work began and
before it committed, as when the server is stopped mid-command. The server rolls the
transaction back; the program must say so and leave the document store as it was."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.conftest import run_cada


class CuttingProxy:
    """Forwards loopback connections to the server; once armed, a client packet holding
    `trigger` closes that connection (both sides) instead of being forwarded."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.trigger: bytes | None = None
        self.cut = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        try:
            while data := src.recv(65536):
                if from_client and self.trigger is not None and self.trigger in data:
                    self.cut.set()
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.listener.close()
        for s in self.sockets:
            s.close()


@pytest.fixture
def cut_server(postgres_database, monkeypatch, cada_home):
    """(direct URL, URL through the proxy, the proxy), on a database of the test's own."""
    from sqlalchemy.engine import make_url

    with postgres_database() as url:
        parsed = make_url(url)
        proxy = CuttingProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
        through = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False)
        monkeypatch.setenv("CADA_DATABASE_URL", url)
        try:
            yield url, through, proxy
        finally:
            proxy.close()


def _ok(*args: str) -> None:
    r = run_cada(*args)
    assert r.code == 0, (args, r.err)


@pytest.mark.parametrize(("command", "trigger"), [
    (("log", "2020-001", "sent", "--on", "2020-02-07"), b"INSERT INTO event"),
    (("new", "-a", "ville-de-montpellier", "-s", "Caméras"), b"INSERT INTO request"),
    (("attach", "2020-001", "FILE"), b"INSERT INTO page"),
])
def test_server_lost_mid_command_exit_5_and_nothing_written(cut_server, monkeypatch, tmp_path,
                                                            command, trigger):
    direct, through, proxy = cut_server
    _ok("init", "--name", "Jeanne Dupont", "--email", "jeanne@example.org")
    _ok("authority", "add", "Ville de Montpellier", "--department", "34")
    _ok("--today", "2020-02-07", "new", "-a", "ville-de-montpellier", "-s", "OLTP",
        "--ref", "2020-001")
    before = run_cada("--today", "2020-02-07", "export").out
    paper = tmp_path / "reponse.txt"
    paper.write_text("Map Revelation, Sûreté Globale\n", encoding="utf-8")
    args = tuple(str(paper) if a == "FILE" else a for a in command)

    monkeypatch.setenv("CADA_DATABASE_URL", through)
    proxy.trigger = trigger
    r = run_cada("--today", "2020-02-07", *args)
    assert proxy.cut.is_set()
    assert r.code == 5, (r.code, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cada: database error: "), r.err
    assert "Nothing was changed" in lines[0] and "Traceback" not in r.err

    monkeypatch.setenv("CADA_DATABASE_URL", direct)
    assert run_cada("--today", "2020-02-07", "export").out == before
    check = run_cada("check", "--json")
    assert check.code == 0, check.out
    assert check.json["orphaned"] == [], check.out  # the blob of a failed attach is removed


def test_check_says_a_server_keeps_no_stored_timelines(cut_server):
    _ok("init", "--name", "Jeanne Dupont")
    r = run_cada("check")
    assert r.code == 0, r.err
    assert "stored timelines: none on this database (derived at each command)." in r.out
    assert run_cada("check", "--json").json["timelines"] == {"checked": 0, "differ": [],
                                                             "stored": False}

"""A TCP relay that can go silent: what a NAT or a proxy does when it drops a connection
without telling either end. Bytes still go in; nothing comes out, and no FIN or RST is sent."""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Self


class Blackhole:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (host, target_port)
        self.listener = socket.create_server((host, 0))
        self._silent: set[socket.socket] = set()
        self._open: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._closed = False

    @property
    def port(self) -> int:
        return int(self.listener.getsockname()[1])

    def start(self) -> Self:
        threading.Thread(target=self._accept, name="blackhole", daemon=True).start()
        return self

    def silence(self) -> None:
        """Every connection open now stops carrying bytes, in both directions, for good."""
        with self._lock:
            for pair in self._open:
                self._silent.update(pair)

    def close(self) -> None:
        self._closed = True
        self.listener.close()
        with self._lock:
            for pair in self._open:
                for side in pair:
                    with contextlib.suppress(OSError):
                        side.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._open.append((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                if source not in self._silent:
                    sink.sendall(chunk)
        except OSError:
            pass
        if source not in self._silent:
            for side in (source, sink):
                with contextlib.suppress(OSError):
                    side.shutdown(socket.SHUT_RDWR)

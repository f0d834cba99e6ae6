"""Every file this process creates is the adviser's only: the command line says so first.

``pej-desktop`` (the window is one of its commands) calls ``private_umask`` before anything
else, so SQLite's own files, logs, exports and folders are private from their first byte
(``store.private_files`` says how). A module of its own: the window's cold start imports
nothing more than this to get there.
"""

from __future__ import annotations

from pej_desktop.store.private_files import private_umask as private_umask  # the command line calls it here

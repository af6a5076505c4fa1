"""SQLite via sqlite-utils: keeps data consistent, decides nothing.

sqlite-utils imports numpy when it is installed (matplotlib brings it), only to map numpy's
types to column types; nothing here stores numpy values, and numpy would cost every
process that opens the database about 11 MB. So sqlite-utils is first imported with numpy
out of sight; numpy itself stays importable for whatever needs it (charts).
"""

from bot.memory import modules_hidden

with modules_hidden("numpy"):
    import sqlite_utils  # noqa: F401

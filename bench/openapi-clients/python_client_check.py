"""The generated Python client against the running service; exits non-zero on any mismatch."""
import sys
import uuid

import checkpoint_client
from checkpoint_client.api.logs_api import LogsApi
from checkpoint_client.exceptions import NotFoundException
from checkpoint_client.models import BatchEntry, BatchUpdate, PositionUpdate

config = checkpoint_client.Configuration(host=sys.argv[1])
logs = LogsApi(checkpoint_client.ApiClient(config))
p = "gen-python-" + uuid.uuid4().hex[:6] + "/"
n1, n2, n3 = p + "Microsoft-Windows-Sysmon/Operational", p + "Windows PowerShell", p + "Überwachung 😀"
t1, t2, t3 = "2026-11-24T10:00:00.123456789+05:30", "2026-11-24T10:00:00.000000001-08:00", "2026-11-24T10:00:00Z"
MAX = "18446744073709551615"


def check(state, name, record_number, timestamp, bookmark):
    got = (state.name, state.record_number, state.timestamp, state.bookmark)
    assert got == (name, record_number, timestamp, bookmark), f"python client: {got}"


check(logs.put_log(n1, PositionUpdate(record_number=MAX, timestamp=t1, bookmark="<BookmarkList/>"), durable=True),
      n1, MAX, t1, "<BookmarkList/>")
result = logs.put_logs(BatchUpdate(event_logs=[BatchEntry(name=n2, record_number="9007199254740993", timestamp=t2),
                                               BatchEntry(name=n3, record_number="0", timestamp=t3)]))
assert result.applied == 2, result
check(logs.get_log(n1), n1, MAX, t1, "<BookmarkList/>")

page = logs.list_logs(prefix=p, limit=2)
states = list(page.event_logs)
assert len(page.event_logs) == 2 and page.next, page
page = logs.list_logs(prefix=p, limit=2, cursor=page.next)
states += page.event_logs
assert page.next is None, page
check(states[0], n1, MAX, t1, "<BookmarkList/>")
check(states[1], n2, "9007199254740993", t2, None)
check(states[2], n3, "0", t3, None)
assert len(states) == 3

logs.delete_log(n2, durable=True)
try:
    logs.get_log(n2)
    raise AssertionError("404 expected")
except NotFoundException as ex:
    assert ex.status == 404, ex.status
    assert '"title":"Not found"' in ex.body, ex.body
    assert ex.headers["Content-Type"].startswith("application/problem+json"), ex.headers
print("python: all exact")

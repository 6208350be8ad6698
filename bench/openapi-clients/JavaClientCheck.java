import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import gen.ApiClient;
import gen.ApiException;
import gen.api.LogsApi;
import gen.model.BatchEntry;
import gen.model.BatchUpdate;
import gen.model.EventLogState;
import gen.model.EventLogs;
import gen.model.PositionUpdate;

/** The generated Java client (native library) against the running service; exits non-zero on any mismatch. */
public class JavaClientCheck {

	public static void main(String[] args) throws Exception {
		ApiClient client = new ApiClient();
		client.updateBaseUri(args[0]);
		LogsApi logs = new LogsApi(client);
		String p = "gen-java-" + UUID.randomUUID().toString().substring(0, 6) + "/";
		String n1 = p + "Microsoft-Windows-Sysmon/Operational";
		String n2 = p + "Windows PowerShell";
		String n3 = p + "Überwachung 😀";
		OffsetDateTime t1 = OffsetDateTime.parse("2026-11-24T10:00:00.123456789+05:30");
		OffsetDateTime t2 = OffsetDateTime.parse("2026-11-24T10:00:00.000000001-08:00");
		OffsetDateTime t3 = OffsetDateTime.parse("2026-11-24T10:00:00Z");

		EventLogState put = logs.putLog(n1, new PositionUpdate().recordNumber("18446744073709551615").timestamp(t1)
			.bookmark("<BookmarkList/>"), true, null, null, null, null);
		check(put, n1, "18446744073709551615", t1, "<BookmarkList/>");
		long applied = logs.putLogs(new BatchUpdate().eventLogs(List.of(
				new BatchEntry().name(n2).recordNumber("9007199254740993").timestamp(t2),
				new BatchEntry().name(n3).recordNumber("0").timestamp(t3))), false, null, null).getApplied();
		expect(applied == 2, "applied " + applied);
		check(logs.getLog(n1), n1, "18446744073709551615", t1, "<BookmarkList/>");

		List<EventLogState> all = new ArrayList<>();
		EventLogs page = logs.listLogs(p, 2, null);
		all.addAll(page.getEventLogs());
		expect(page.getEventLogs().size() == 2 && page.getNext() != null, "first page " + page);
		page = logs.listLogs(p, 2, page.getNext());
		all.addAll(page.getEventLogs());
		expect(page.getNext() == null, "last page has no next " + page);
		expect(all.size() == 3, "three states " + all);
		check(all.get(0), n1, "18446744073709551615", t1, "<BookmarkList/>");
		check(all.get(1), n2, "9007199254740993", t2, null);
		check(all.get(2), n3, "0", t3, null);

		logs.deleteLog(n2, true, null, null);
		try {
			logs.getLog(n2);
			expect(false, "404 expected");
		}
		catch (ApiException ex) {
			expect(ex.getCode() == 404, "status " + ex.getCode());
			expect(ex.getResponseBody().contains("\"title\":\"Not found\""), "problem " + ex.getResponseBody());
			expect(ex.getResponseHeaders().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
					"problem content type");
		}
		System.out.println("java: all exact");
	}

	static void check(EventLogState state, String name, String recordNumber, OffsetDateTime timestamp, String bookmark) {
		expect(state.getName().equals(name), "name " + state.getName());
		expect(state.getRecordNumber().equals(recordNumber), "record_number " + state.getRecordNumber());
		// equals, not isEqual: the offset must come back as sent, not only the instant.
		expect(state.getTimestamp().equals(timestamp), "timestamp " + state.getTimestamp() + " != " + timestamp);
		expect(java.util.Objects.equals(state.getBookmark(), bookmark), "bookmark " + state.getBookmark());
	}

	static void expect(boolean ok, String what) {
		if (!ok) {
			throw new AssertionError("java client: " + what);
		}
	}

}

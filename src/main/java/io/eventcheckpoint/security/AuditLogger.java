package io.eventcheckpoint.security;

import io.eventcheckpoint.engine.AuditListener;
import io.eventcheckpoint.engine.EventLogState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line to the {@code io.eventcheckpoint.audit} logger for every deleted log and every
 * write that moves a record number backwards (a collector would read those events again): who
 * (the token's name, or {@code anonymous}), which log, and the record numbers. Never a secret.
 */
final class AuditLogger implements AuditListener {

	static final String LOGGER_NAME = "io.eventcheckpoint.audit";

	private static final Logger audit = LoggerFactory.getLogger(LOGGER_NAME);

	@Override
	public void rewound(EventLogState previous, EventLogState current) {
		audit.info("action=rewind token={} log={} old_record_number={} new_record_number={}",
				TokenScope.current().tokenName(), quoted(current.name()), previous.recordNumberString(),
				current.recordNumberString());
	}

	@Override
	public void deleted(EventLogState previous) {
		audit.info("action=delete token={} log={} old_record_number={} new_record_number=none",
				TokenScope.current().tokenName(), quoted(previous.name()), previous.recordNumberString());
	}

	/**
	 * Quote a log name as JSON does, so that no name can forge a line or a field. Names never hold
	 * control characters, but the line must not depend on that.
	 */
	static String quoted(String name) {
		StringBuilder out = new StringBuilder(name.length() + 2).append('"');
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

}

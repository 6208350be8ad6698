package io.eventcheckpoint.format;

import java.io.IOException;
import java.io.Writer;
import java.time.OffsetDateTime;
import java.util.Collection;

import io.eventcheckpoint.engine.EventLogState;

/**
 * Writes the checkpoint file byte for byte as Go's yaml.v2 marshals Winlogbeat's
 * {@code PersistedState}: the same key order, the same quoting and block styles (see
 * {@link GoScalarWriter}), an empty bookmark left out ({@code omitempty}). So a file Go wrote and
 * this service rewrote without changes differs in {@code update_time} only. Done by hand rather
 * than with a YAML generator because the layout is fixed and tiny, and a flush of 100k states
 * must stay far below the disk's cost.
 */
final class CheckpointWriter {

	private CheckpointWriter() {
	}

	static void write(Writer out, OffsetDateTime updateTime, Collection<EventLogState> states) throws IOException {
		StringBuilder line = new StringBuilder(256);
		GoScalarWriter emitter = new GoScalarWriter(line);
		emitter.ascii("update_time:", true);
		StringBuilder time = new StringBuilder(36);
		GoTime.append(time, (updateTime != null) ? updateTime : GoTime.zero());
		emitter.ascii(time, false);
		emitter.indent(0);
		emitter.ascii("event_logs:", false);
		if (states.isEmpty()) {
			emitter.ascii("[]", false);
			emitter.indent(0);
			out.append(line);
			return;
		}
		for (EventLogState state : states) {
			emitter.indent(0);
			out.append(line);
			line.setLength(0);
			emitter.indicator('-', true, true);
			emitter.indent(2);
			emitter.ascii("name:", false);
			emitter.string(state.name());
			emitter.indent(2);
			emitter.ascii("record_number:", false);
			time.setLength(0);
			long recordNumber = state.recordNumber();
			if (recordNumber >= 0) {
				time.append(recordNumber);
			}
			else {
				time.append(Long.toUnsignedString(recordNumber));
			}
			emitter.ascii(time, false);
			emitter.indent(2);
			emitter.ascii("timestamp:", false);
			time.setLength(0);
			GoTime.append(time, state.timestamp());
			emitter.ascii(time, false);
			String bookmark = state.bookmark();
			if (bookmark != null && !bookmark.isEmpty()) {
				emitter.indent(2);
				emitter.ascii("bookmark:", false);
				emitter.string(bookmark);
			}
		}
		emitter.indent(0);
		out.append(line);
	}

}

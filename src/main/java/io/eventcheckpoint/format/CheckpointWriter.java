package io.eventcheckpoint.format;

import java.io.IOException;
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
 * <p>
 * Two paths give the same bytes. A log whose name (and bookmark, if any) yaml.v2 writes plain on
 * one line, which is nearly every log, goes straight into the {@link Utf8Buffer}: its lines are
 * then fixed text around the values. Any other log is laid out by the emitter port, which tracks
 * columns to fold and quote as yaml.v2 does. Both start a log at column 0 of a new line and end
 * it with its line break, as yaml.v2's {@code write_indent} leaves them.
 */
final class CheckpointWriter {

	private static final byte[] UPDATE_TIME = Utf8Buffer.ascii("update_time: ");

	private static final byte[] NO_LOGS = Utf8Buffer.ascii("\nevent_logs: []\n");

	private static final byte[] LOGS = Utf8Buffer.ascii("\nevent_logs:\n");

	private static final byte[] NAME = Utf8Buffer.ascii("- name: ");

	private static final byte[] RECORD_NUMBER = Utf8Buffer.ascii("\n  record_number: ");

	private static final byte[] TIMESTAMP = Utf8Buffer.ascii("\n  timestamp: ");

	private static final byte[] BOOKMARK = Utf8Buffer.ascii("\n  bookmark: ");

	private CheckpointWriter() {
	}

	static void write(Utf8Buffer out, OffsetDateTime updateTime, Collection<EventLogState> states)
			throws IOException {
		out.raw(UPDATE_TIME);
		out.time((updateTime != null) ? updateTime : GoTime.zero());
		if (states.isEmpty()) {
			out.raw(NO_LOGS);
			out.drain();
			return;
		}
		out.raw(LOGS);
		StringBuilder line = null;
		GoScalarWriter emitter = null;
		for (EventLogState state : states) {
			String name = state.name();
			String bookmark = state.bookmark();
			boolean hasBookmark = bookmark != null && !bookmark.isEmpty();
			if (GoScalarWriter.isWrittenPlainAsIs(name) && (!hasBookmark || GoScalarWriter.isWrittenPlainAsIs(bookmark))) {
				out.raw(NAME);
				out.utf8(name);
				out.raw(RECORD_NUMBER);
				out.unsigned(state.recordNumber());
				out.raw(TIMESTAMP);
				out.time(state.epochSecond(), state.nano(), state.offsetSeconds());
				if (hasBookmark) {
					out.raw(BOOKMARK);
					out.utf8(bookmark);
				}
				out.ascii('\n');
			}
			else {
				if (line == null) {
					line = new StringBuilder(256);
					emitter = new GoScalarWriter(line);
				}
				emitter.startLine();
				writeWithEmitter(emitter, state, hasBookmark ? bookmark : null);
				out.utf8(line);
			}
			out.drainIfFull();
		}
		out.drain();
	}

	/** One log as the emitter port lays it out, from column 0 to its final line break. */
	private static void writeWithEmitter(GoScalarWriter emitter, EventLogState state, String bookmark) {
		emitter.indicator('-', true, true);
		emitter.indent(2);
		emitter.ascii("name:", false);
		emitter.string(state.name());
		emitter.indent(2);
		emitter.ascii("record_number:", false);
		emitter.ascii(state.recordNumberString(), false);
		emitter.indent(2);
		emitter.ascii("timestamp:", false);
		emitter.ascii(GoTime.format(state.epochSecond(), state.nano(), state.offsetSeconds()), false);
		if (bookmark != null) {
			emitter.indent(2);
			emitter.ascii("bookmark:", false);
			emitter.string(bookmark);
		}
		emitter.indent(0);
	}

}

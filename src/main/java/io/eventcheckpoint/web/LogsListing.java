package io.eventcheckpoint.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.NameOrder;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.security.TokenScope;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * One answer of {@code GET /logs}: the whole list or one page of it, written straight to the
 * response as JSON or as a Winlogbeat checkpoint file, never built as one string or document.
 * <p>
 * A cursor is the base64url form of the last name of a page, and the next page starts strictly
 * after that name in Go's order ({@link NameOrder}). So following cursors visits every name that
 * exists throughout exactly once, whatever is written or deleted between pages: names added before
 * the cursor are not seen, names after it are, and a deleted last name still marks its place.
 */
final class LogsListing {

	/** Largest page; 10,000 positions are about 1 MB of JSON. */
	static final int MAX_LIMIT = 10_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OffsetDateTime updateTime;

	private final Collection<EventLogState> states;

	private final String next;

	private LogsListing(OffsetDateTime updateTime, Collection<EventLogState> states, String next) {
		this.updateTime = updateTime;
		this.states = states;
		this.next = next;
	}

	/**
	 * Select what one request sees.
	 * @param sorted every state, sorted in {@link NameOrder}
	 * @param updateTime time of the last successful flush, or {@code null}
	 * @param scope the names the caller may read
	 * @param prefix keep only names with this prefix, or {@code null}
	 * @param limit the page size, or {@code null} for everything
	 * @param cursor the cursor from the previous page, or {@code null}
	 * @return the listing
	 */
	static LogsListing select(List<EventLogState> sorted, OffsetDateTime updateTime, TokenScope scope, String prefix,
			Integer limit, String cursor) {
		if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
			throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
		}
		String wanted = (prefix != null) ? prefix : "";
		// Names with a prefix are contiguous in code point order: start at the first, stop after the last.
		int start = firstAtLeast(sorted, wanted);
		if (cursor != null) {
			start = Math.max(start, firstAfter(sorted, decode(cursor)));
		}
		int from = start;
		Iterable<EventLogState> matching = () -> new Matching(sorted, from, wanted, scope);
		if (limit == null) {
			return new LogsListing(updateTime, new LazyCollection(matching), null);
		}
		List<EventLogState> page = new ArrayList<>(Math.min(limit, 1024));
		Iterator<EventLogState> it = matching.iterator();
		while (page.size() < limit && it.hasNext()) {
			page.add(it.next());
		}
		String next = it.hasNext() ? encode(page.get(page.size() - 1).name()) : null;
		return new LogsListing(updateTime, page, next);
	}

	/** @return the cursor of the next page, or {@code null} on the last page */
	String next() {
		return this.next;
	}

	void writeJson(OutputStream out) throws IOException {
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeName("update_time");
			if (this.updateTime != null) {
				json.writeString(CheckpointYaml.formatTime(this.updateTime));
			}
			else {
				json.writeNull();
			}
			json.writeArrayPropertyStart("event_logs");
			for (EventLogState state : this.states) {
				json.writeStartObject();
				json.writeStringProperty("name", state.name());
				json.writeStringProperty("record_number", state.recordNumberString());
				json.writeStringProperty("timestamp", CheckpointYaml.formatTime(state));
				if (state.bookmark() != null) {
					json.writeStringProperty("bookmark", state.bookmark());
				}
				json.writeEndObject();
			}
			json.writeEndArray();
			if (this.next != null) {
				json.writeStringProperty("next", this.next);
			}
			json.writeEndObject();
		}
	}

	void writeYaml(OutputStream out) throws IOException {
		CheckpointYaml.write(out, this.updateTime, this.states);
	}

	static String encode(String name) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
	}

	static String decode(String cursor) {
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(cursor);
			String name = new String(bytes, StandardCharsets.UTF_8);
			if (name.isEmpty() || !encode(name).equals(cursor)) {
				throw new IllegalArgumentException("not canonical");
			}
			return name;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("cursor", "must be a cursor from a previous page's next");
		}
	}

	private static int firstAtLeast(List<EventLogState> sorted, String name) {
		int low = 0;
		int high = sorted.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (NameOrder.INSTANCE.compare(sorted.get(middle).name(), name) < 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	private static int firstAfter(List<EventLogState> sorted, String name) {
		int low = 0;
		int high = sorted.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (NameOrder.INSTANCE.compare(sorted.get(middle).name(), name) <= 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	/** The states from an index on that have the prefix and are in scope. */
	private static final class Matching implements Iterator<EventLogState> {

		private final List<EventLogState> sorted;

		private final String prefix;

		private final TokenScope scope;

		private int index;

		private EventLogState next;

		Matching(List<EventLogState> sorted, int from, String prefix, TokenScope scope) {
			this.sorted = sorted;
			this.index = from;
			this.prefix = prefix;
			this.scope = scope;
			advance();
		}

		private void advance() {
			this.next = null;
			while (this.index < this.sorted.size()) {
				EventLogState state = this.sorted.get(this.index++);
				if (!state.name().startsWith(this.prefix)) {
					return;
				}
				if (this.scope.permits(state.name())) {
					this.next = state;
					return;
				}
			}
		}

		@Override
		public boolean hasNext() {
			return this.next != null;
		}

		@Override
		public EventLogState next() {
			if (this.next == null) {
				throw new NoSuchElementException();
			}
			EventLogState state = this.next;
			advance();
			return state;
		}

	}

	/** A collection that is only iterated, so the whole list is never copied. */
	private static final class LazyCollection extends AbstractCollection<EventLogState> {

		private final Iterable<EventLogState> source;

		LazyCollection(Iterable<EventLogState> source) {
			this.source = source;
		}

		@Override
		public Iterator<EventLogState> iterator() {
			return this.source.iterator();
		}

		@Override
		public boolean isEmpty() {
			return !iterator().hasNext();
		}

		@Override
		public int size() {
			int size = 0;
			for (EventLogState ignored : this) {
				size++;
			}
			return size;
		}

	}

}
